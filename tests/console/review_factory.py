"""Submitted applications made straight in the database, for the read-side pages (queue, export,
dashboard) where hundreds of rows are needed; the review flow itself goes through the API."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import count

from server.accounts.models import Account
from server.applications.models import Application, ApplicationSnapshot, ApplicationState
from server.applications.personal_data import encrypt_id_number, id_number_hash
from server.applications.rules.id_number import check_character
from server.audit.services import Actor
from server.batches.services import BatchSettings, create_batch
from server.demo import DEMO_BATCH_NAME, seed_windows_shifted_to_today
from server.extensions import db

_serial = count(1)
BASE_TIME = datetime(2026, 11, 20, 4, 0, tzinfo=timezone.utc)  # 2026-11-20 12:00 Beijing


def make_batch(name: str = DEMO_BATCH_NAME) -> int:
    return create_batch(BatchSettings(name=name, **seed_windows_shifted_to_today()), Actor.system()).id


def id_number(serial: int) -> str:
    """A checksum-valid Urumqi ID number, different for each serial below 30,000."""
    first17 = f"650102{1975 - serial // 1000}0101{serial % 1000:03d}"
    return first17 + check_character(first17)


def make_application(batch_id: int, *, name: str = "张三", prefecture: str = "650100",
                     state: ApplicationState = ApplicationState.pending_review,
                     primary: list[str] | None = None, alternate: list[str] | None = None,
                     review_submitted_at: datetime | None = None, serial: int | None = None,
                     expert_number: str | None = None, title_level: str = "副高级",
                     commit: bool = True) -> int:
    """One submitted application (with its snapshot), in `state`."""
    serial = serial or next(_serial)
    number = id_number(serial)
    account = Account(username=f"user{serial}", phone=f"138{serial:08d}", password_hash="x")
    db.session.add(account)
    db.session.flush()
    primary = primary if primary is not None else ["A04", "A0401", "A040101"]
    at = review_submitted_at or BASE_TIME + timedelta(minutes=serial)
    application = Application(
        account_id=account.id, batch_id=batch_id, state=state, kind="new", name=name, gender="男",
        id_number_encrypted=encrypt_id_number(number), id_number_hash=id_number_hash(number),
        id_number_last4=number[-4:], birth="1975-01", political_affiliation="13", prefecture_code=prefecture,
        title="高级工程师", title_level=title_level, profession_level1="A04", profession_level2="A0401",
        years_of_practice=20, work_unit="新疆某设计院", email="a@example.com",
        primary_specialties=primary, alternate_specialties=alternate or [],
        submitted_at=at - timedelta(hours=1),
        review_submitted_at=None if state in (ApplicationState.info_submitted,) else at,
        expert_number=expert_number, submitted_id_hash=id_number_hash(number))
    db.session.add(application)
    db.session.flush()
    db.session.add(ApplicationSnapshot(application_id=application.id, sequence=1, data={
        "basic": {"name": name, "id_number_encrypted": application.id_number_encrypted,
                  "id_number_masked": number[:6] + "********" + number[-4:], "prefecture_code": prefecture},
        "qualification": {}, "evaluation": {}, "experience": {}, "commitment": {},
        "specialties": {"primary": primary, "alternate": alternate or []}, "renewal": {"kind": "new"},
        "certificates": [], "avoidance_units": [], "batch_id": batch_id, "account_id": account.id}))
    if commit:
        db.session.commit()
    return application.id
