"""Fixtures for the file specs: a blob store of their own, accounts, an applicant with a draft
application in an open batch, and an uploader that posts multipart the way a client does."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import func, select

from server.accounts.models import Account
from server.applications.models import Application
from server.audit.services import Actor
from server.batches.services import BatchSettings, create_batch
from server.demo import DEMO_BATCH_NAME, seed_windows_shifted_to_today
from server.extensions import db
from server.files.models import StoredFile
from tests.accounts.conftest import bearer, register, send_code  # noqa: F401  (fixtures)


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
def make_account(app) -> Callable[[str], int]:
    """An applicant account row (no login), for service-level specs."""
    counter = iter(range(1000))

    def make(username: str = "") -> int:
        number = next(counter)
        with app.app_context():
            account = Account(username=username or f"user{number}", phone=f"1390000{number:04d}",
                              password_hash="x")
            db.session.add(account)
            db.session.commit()
            return account.id

    return make


@pytest.fixture
def batch(app, clock) -> int:
    """The seed's batch with registration open (the clock stands at 2026-11-25 12:00 Beijing)."""
    with app.app_context():
        return create_batch(BatchSettings(name=DEMO_BATCH_NAME, **seed_windows_shifted_to_today()),
                            Actor.system()).id


@pytest.fixture
def applicant(batch, register) -> dict[str, str]:
    """A logged-in applicant's bearer headers."""
    return bearer(register(username="zhang_san", phone="13800138000")["token"])


@pytest.fixture
def other_applicant(batch, register) -> dict[str, str]:
    return bearer(register(username="li_si", phone="13900139000")["token"])


@pytest.fixture
def application(app, client, applicant) -> Application:
    """The applicant's draft, named 张三 (read back detached: ids and plain columns only)."""
    response = client.patch("/api/v1/applications/current/basic", headers=applicant,
                            json={"name": "张三"})
    assert response.status_code == 200, response.json
    with app.app_context():
        row = db.session.execute(select(Application)).scalar_one()
        db.session.expunge(row)
        return row


@pytest.fixture
def upload(client) -> Callable:
    def post(headers: dict[str, str], kind: str, data: bytes, filename: str = "file.bin", **form):
        return client.post("/api/v1/files", headers=headers, content_type="multipart/form-data",
                           data={"kind": kind, "file": (BytesIO(data), filename), **form})

    return post
