"""The database a benchmark run starts from: the seed's batch (paying opens on the day of approval,
as in the demo), applicants with complete drafts (made through the real services, the first filled
section by section and the others copied), their logins, and a review queue of many submitted
applications. The journey that made them goes on making applications for later parts."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import insert, select

from server.accounts.actors import Actor
from server.accounts.models import Account, StaffRole
from server.accounts.passwords import hash_password
from server.accounts.staff import create_staff
from server.accounts.tokens import issue_token
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.batches.services import BatchSettings, create_batch
from server.dev.demo import demo_batch_name, seed_windows_shifted_to_today
from server.extensions import db
from tests.fixtures.journey import Journey

REVIEWER = ("rv_bench", "Bench2024pw")
PREFECTURES = ("650100", "650200", "650400", "652300")


@dataclass(frozen=True)
class Prepared:
    batch_id: int
    tokens: list[str]  # one per applicant with a complete draft
    reviewer: tuple[str, str]
    journey: Journey  # its accounts and ID numbers go on from those made here


def prepare(app: Flask, applicants: int, queue_size: int) -> Prepared:
    with app.app_context():
        upgrade()
        batch_id = create_batch(BatchSettings(name=demo_batch_name(), payment_delay_days=0,
                                              **seed_windows_shifted_to_today()), Actor.system()).id
        db.session.commit()  # ends the read that `.id` began: the journey writes in sessions of its own
        journey = Journey(app, clock=None)
        drafts = journey.many([{"state": S.draft}] * applicants)
        tokens = _logins(drafts)
        template = journey.pending()
        _queue(template, queue_size)
        create_staff(*REVIEWER[:1], "乌鲁木齐市住建局", REVIEWER[1], StaffRole.reviewer, PREFECTURES[0], Actor.system())
        db.session.commit()
    return Prepared(batch_id, tokens, REVIEWER, journey)


def more_drafts(prepared: Prepared, count: int) -> list[str]:
    """Logins of `count` more applicants with complete drafts (a later part's own surge)."""
    drafts = prepared.journey.many([{"state": S.draft}] * count)
    with prepared.journey.app.app_context():
        return _logins(drafts)


def _logins(application_ids: list[int]) -> list[str]:
    owners = db.session.scalars(select(Account).join(Application, Application.account_id == Account.id)
                                .where(Application.id.in_(application_ids))).all()
    tokens = [issue_token(owner).token for owner in owners]
    db.session.commit()
    return tokens


def _queue(template_id: int, size: int) -> None:
    """`size` submitted applications copied from one, spread over four prefectures (rows only:
    the queue reads the application rows)."""
    password = hash_password(secrets.token_urlsafe(12))
    # Ids from the database (PostgreSQL's sequence moves on: later parts add accounts too).
    account_ids = db.session.scalars(insert(Account).returning(Account.id, sort_by_parameter_order=True), [
        {"username": f"queue{n}", "phone": f"158{n:08d}", "password_hash": password} for n in range(size)]).all()
    table = Application.__table__
    row = dict(db.session.execute(select(table).where(table.c.id == template_id)).mappings().one())
    for column in ("id", "expert_number"):
        row.pop(column)
    db.session.execute(insert(table), [
        {**row, "account_id": account_ids[n], "name": f"申报人{n}", "review_prefecture_code": PREFECTURES[n % 4],
         "prefecture_code": PREFECTURES[n % 4], "id_number_hash": secrets.token_hex(32),
         "submitted_id_hash": None}
        for n in range(size)])
    db.session.commit()
