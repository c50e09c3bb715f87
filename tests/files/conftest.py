"""Fixtures for the file specs: a blob store of their own, accounts, an applicant with a draft
application in an open batch, and an uploader that posts multipart the way a client does."""
from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.files.models import StoredFile


@pytest.fixture
def blobs(files_dir) -> Callable[[], list[Path]]:
    """Every blob file in the store (and any leftover temporary file)."""
    return lambda: sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.exists() else []


@pytest.fixture
def stored_rows(app) -> Callable[[], int]:
    def count() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(StoredFile))

    return count


@pytest.fixture
def nothing_stored(blobs, stored_rows) -> Callable[[], bool]:
    return lambda: stored_rows() == 0 and blobs() == []


@pytest.fixture
def upload(client) -> Callable:
    def post(headers: dict[str, str], kind: str, data: bytes, filename: str = "file.bin", **form):
        return client.post("/api/v1/files", headers=headers, content_type="multipart/form-data",
                           data={"kind": kind, "file": (BytesIO(data), filename), **form})

    return post
