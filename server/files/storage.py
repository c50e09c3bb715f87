"""Where uploaded bytes live: a content-addressed blob store.

A blob's key is the SHA-256 of its bytes (64 lowercase hex digits), so storing the same bytes twice
stores them once, and a key can never name a path outside the store. `LocalStorage` keeps blobs on
disk (the embedded default); `server.files.s3_storage.S3Storage` keeps them in an S3-compatible bucket (Tencent COS, MinIO,
AWS…) that every app host shares. `FILES_BACKEND` chooses.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path

from flask import current_app

KEY_PATTERN = re.compile(r"[0-9a-f]{64}")


class BlobMissing(LookupError):
    """No blob is stored under this key."""


class StorageUnavailable(OSError):
    """The store did not answer (or answered an error): nothing was stored or read; try later."""


def blob_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checked_key(key: str) -> str:
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
        key = checked_key(key)
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


def storage() -> Storage:
    """The app's blob store: `FILES_DIR` on disk, or the S3 bucket (one client per app)."""
    config = current_app.config
    if config["FILES_BACKEND"] == "local":
        return LocalStorage(config["FILES_DIR"])
    if config["FILES_BACKEND"] != "s3":
        raise RuntimeError(f"FILES_BACKEND must be local or s3, not {config['FILES_BACKEND']!r}")
    if "s3_storage" not in current_app.extensions:
        from server.files.s3_storage import s3_storage  # boto3 weighs ~10 MB: only where S3 is used

        current_app.extensions["s3_storage"] = s3_storage(config)
    return current_app.extensions["s3_storage"]
