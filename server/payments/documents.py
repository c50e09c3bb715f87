"""The fee's documents (receipt PDFs, issued invoice files) in the shared blob store."""
from __future__ import annotations

from server.files.blobs import lock_blob
from server.files.storage import blob_key, storage


def keep(data: bytes) -> str:
    """Store the bytes and return their key; call inside the transaction that writes the row
    naming the key (the blob lock keeps a concurrent clean-up from removing it meanwhile)."""
    key = blob_key(data)
    lock_blob(key)
    storage().put(data)
    return key


def read(key: str) -> bytes:
    """The bytes under `key` (BlobMissing when they are gone)."""
    return storage().get(key)
