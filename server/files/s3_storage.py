"""Blobs in an S3-compatible bucket (Tencent COS, MinIO, AWS…) that every app host shares."""
from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from server.files.storage import BlobMissing, Storage, StorageUnavailable, blob_key, checked_key


class S3Storage(Storage):
    """Blobs as objects `<prefix>ab/cd/abcd…` in one bucket, through boto3 with bounded timeouts.
    A put of a key that exists writes nothing (the bytes are the key's); S3 writes are atomic, so a
    reader never sees half a blob."""

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self._client, self._bucket, self._prefix = client, bucket, prefix

    def object_key(self, key: str) -> str:
        key = checked_key(key)
        return f"{self._prefix}{key[:2]}/{key[2:4]}/{key}"

    def _call(self, operation: str, **arguments):
        try:
            return getattr(self._client, operation)(Bucket=self._bucket, **arguments)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise BlobMissing(arguments.get("Key", "")) from None
            raise StorageUnavailable(f"S3 {operation}: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"S3 {operation}: {error}") from error

    def put(self, data: bytes) -> str:
        key = blob_key(data)
        if not self.exists(key):
            self._call("put_object", Key=self.object_key(key), Body=data)
        return key

    def get(self, key: str) -> bytes:
        return self._call("get_object", Key=self.object_key(key))["Body"].read()

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=self.object_key(key))

    def exists(self, key: str) -> bool:
        try:
            self._call("head_object", Key=self.object_key(key))
        except BlobMissing:
            return False
        return True


def s3_storage(config) -> S3Storage:
    timeout = float(config["S3_TIMEOUT_SECONDS"])
    client = boto3.client(
        "s3", endpoint_url=config["S3_ENDPOINT_URL"], region_name=config["S3_REGION"],
        aws_access_key_id=config["S3_ACCESS_KEY_ID"], aws_secret_access_key=config["S3_SECRET_ACCESS_KEY"],
        config=Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 2},
                      s3={"addressing_style": "path"}))
    return S3Storage(client, config["S3_BUCKET"], config["S3_PREFIX"])
