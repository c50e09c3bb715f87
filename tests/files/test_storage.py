"""Blob storage: content-addressed, sharded on disk, written atomically, idempotent."""
from __future__ import annotations

import hashlib
import os

import pytest

from server.files.storage import BlobMissing, LocalStorage, storage


def test_a_blob_is_stored_under_its_sha256_in_two_levels_of_folders(tmp_path):
    store = LocalStorage(tmp_path)
    key = store.put(b"hello")
    assert key == hashlib.sha256(b"hello").hexdigest()
    assert (tmp_path / key[:2] / key[2:4] / key).read_bytes() == b"hello"
    assert store.exists(key) and store.get(key) == b"hello"


def test_storing_the_same_bytes_twice_keeps_one_file_and_no_temporary_files(tmp_path):
    store = LocalStorage(tmp_path)
    assert store.put(b"same") == store.put(b"same")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [hashlib.sha256(b"same").hexdigest()]


def test_a_failed_write_leaves_neither_the_blob_nor_a_temporary_file(tmp_path, monkeypatch):
    store = LocalStorage(tmp_path)

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        store.put(b"data")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert not store.exists(hashlib.sha256(b"data").hexdigest())


def test_reading_a_missing_blob_says_so_and_deleting_it_is_harmless(tmp_path):
    store = LocalStorage(tmp_path)
    key = hashlib.sha256(b"gone").hexdigest()
    with pytest.raises(BlobMissing):
        store.get(key)
    store.delete(key)
    store.put(b"gone")
    store.delete(key)
    assert not store.exists(key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "A" * 64, "abc", "0" * 63 + "/"])
def test_only_sha256_keys_name_blobs_so_no_key_reaches_outside_the_store(tmp_path, key):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).get(key)


def test_the_app_stores_blobs_in_FILES_DIR(app, files_dir):
    with app.app_context():
        key = storage().put(b"configured")
    assert (files_dir / key[:2] / key[2:4] / key).is_file()
