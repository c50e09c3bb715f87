"""Where uploaded bytes live: a content-addressed blob store.

A blob's key is the SHA-256 of its bytes (64 lowercase hex digits), so storing the same bytes twice
stores them once, and a key can never name a path outside the store. `LocalStorage` keeps blobs on
disk (the embedded default); `S3Storage` keeps them in an S3-compatible bucket (Tencent COS, MinIO,
AWS…) that every app host shares. `FILES_BACKEND` chooses.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from flask import current_app

KEY_PATTERN = re.compile(r"[0-9a-f]{64}")


class BlobMissing(LookupError):
    """No blob is stored under this key."""


class StorageUnavailable(OSError):
    """The store did not answer (or answered an error): nothing was stored or read; try later."""


def blob_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checked(key: str) -> str:
    if not KEY_PATTERN.fullmatch(key):
        raise ValueError(f"not a blob key: {key!r}")
    return key


class Storage(ABC):
    @abstractmethod
    def put(self, data: bytes) -> str:
        """Store the bytes (idempotent) and return their key."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """The bytes under `key`; `BlobMissing` if there are none."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the blob; removing a missing blob is not an error."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...


class LocalStorage(Storage):
    """Blobs as files `root/ab/cd/abcd…`, written to a temporary file and renamed into place, so
    a reader never sees half a blob and concurrent writers of the same bytes do not conflict."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key[2:4] / key

    def put(self, data: bytes) -> str:
        key = blob_key(data)
        path = self.path_for(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        try:
            return self.path_for(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(key) from None

    def delete(self, key: str) -> None:
        self.path_for(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()


class S3Storage(Storage):
    """Blobs as objects `<prefix>ab/cd/abcd…` in one bucket, through boto3 with bounded timeouts.
    A put of a key that exists writes nothing (the bytes are the key's); S3 writes are atomic, so a
    reader never sees half a blob."""

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self._client, self._bucket, self._prefix = client, bucket, prefix

    def object_key(self, key: str) -> str:
        key = _checked(key)
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


def storage() -> Storage:
    """The app's blob store: `FILES_DIR` on disk, or the S3 bucket (one client per app)."""
    config = current_app.config
    if config["FILES_BACKEND"] == "local":
        return LocalStorage(config["FILES_DIR"])
    if config["FILES_BACKEND"] != "s3":
        raise RuntimeError(f"FILES_BACKEND must be local or s3, not {config['FILES_BACKEND']!r}")
    if "s3_storage" not in current_app.extensions:
        current_app.extensions["s3_storage"] = s3_storage(config)
    return current_app.extensions["s3_storage"]
