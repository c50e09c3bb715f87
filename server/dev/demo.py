"""Demo data for `make run`: the seed's batch with its windows moved to today (on every start), one
login per role, and a few dozen applications in every state (`demo_population`).

Demo passwords are generated on every load and printed; none is stored in the code.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import click
from sqlalchemy import select

from server.accounts.actors import Actor
from server.accounts.models import Account, StaffMember, StaffRole
from server.accounts.passwords import hash_password
from server.batches.models import Batch
from server.batches.services import BatchSettings, create_batch, settings_of, update_batch
from server.clock import BEIJING, beijing, now
from server.dev.demo_application import DemoPerson, ensure_sent_for_review
from server.extensions import db
from server.reference.options import bundled_options
from server.transactions import atomic

DEMO_BATCH_SUFFIX = "年全区第二批"  # the seed's batch: 2024年全区第二批; the demo's is named after its year
# The seed's windows (Beijing time), 2024.
SEED_WINDOWS = {
    "registration_opens_at": datetime(2024, 11, 15, 10, 30, tzinfo=BEIJING),
    "registration_closes_at": datetime(2024, 12, 2, 18, 30, tzinfo=BEIJING),
    "review_closes_at": datetime(2024, 12, 3, 18, 30, tzinfo=BEIJING),
    "payment_opens_at": datetime(2024, 11, 20, 10, 30, tzinfo=BEIJING),
    "payment_closes_at": datetime(2024, 12, 4, 18, 30, tzinfo=BEIJING),
}
DEMO_APPLICANT = ("demo_applicant", "13800138000")
DEMO_PERSON = DemoPerson(*DEMO_APPLICANT, "张三", "65010219750101001", "demo@example.com")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    note: str = ""


def seed_windows_shifted_to_today() -> dict[str, datetime]:
    """Move the seed's windows by whole days so that registration opened 10 days ago."""
    today = beijing(now()).date()
    shift = (today - timedelta(days=10)) - SEED_WINDOWS["registration_opens_at"].date()
    return {name: moment + shift for name, moment in SEED_WINDOWS.items()}


def demo_batch_name(windows: dict[str, datetime] | None = None) -> str:
    """The demo batch's name fits its dates: the year its registration opens (Beijing time)."""
    opens = (windows or seed_windows_shifted_to_today())["registration_opens_at"]
    return f"{beijing(opens).year}{DEMO_BATCH_SUFFIX}"


def _ensure_batch() -> None:
    """The demo batch, its windows moved on every start so that registration is open today (its
    applications are kept) and its name following its year. It lets its applicants pay on the day
    of approval (the seed's batch waits 5 days): a new user tries the whole journey in one sitting."""
    windows = seed_windows_shifted_to_today()
    existing = db.session.execute(select(Batch).where(Batch.name.like(f"%{DEMO_BATCH_SUFFIX}"))
                                  .order_by(Batch.id).limit(1)).scalar_one_or_none()
    if existing is None:
        create_batch(BatchSettings(name=demo_batch_name(windows), payment_delay_days=0, **windows), Actor.system())
    elif settings_of(existing) != (moved := replace(settings_of(existing), name=demo_batch_name(windows), **windows)):
        update_batch(existing.id, moved, Actor.system())


def _ensure_staff(username: str, name: str, role: StaffRole, prefecture: str | None) -> DemoLogin:
    password = secrets.token_urlsafe(6) + "a1"
    member = db.session.execute(
        select(StaffMember).where(StaffMember.username == username)).scalar_one_or_none()
    if member is None:
        member = StaffMember(username=username, display_name=name, role=role, prefecture_code=prefecture,
                             password_hash="")
        db.session.add(member)
    member.password_hash = hash_password(password)
    member.failed_logins, member.locked_until = 0, None
    return DemoLogin(role.label, username, password, name)


def _ensure_applicant() -> DemoLogin:
    username, phone = DEMO_APPLICANT
    password = secrets.token_urlsafe(6) + "a1"
    account = db.session.execute(select(Account).where(Account.username == username)).scalar_one_or_none()
    if account is None:
        account = Account(username=username, phone=phone, password_hash="")
        db.session.add(account)
    account.password_hash = hash_password(password)
    account.failed_logins, account.locked_until = 0, None
    return DemoLogin("申报人（小程序）", username, password, f"手机号 {phone}")


def load_demo_data() -> list[DemoLogin]:
    """The batch and the logins, then the demo applicant's application (its own transactions)."""
    logins = _batch_and_logins()
    account = db.session.execute(select(Account).where(Account.username == DEMO_APPLICANT[0])).scalar_one()
    logins[-1] = DemoLogin(logins[-1].role, logins[-1].username, logins[-1].password,
                           f"{logins[-1].note}；{ensure_sent_for_review(account, DEMO_PERSON)}")
    return logins


@atomic
def _batch_and_logins() -> list[DemoLogin]:
    _ensure_batch()
    logins = [_ensure_staff("admin", "系统管理员", StaffRole.admin, None),
              _ensure_staff("association", "新疆建设工程招标投标协会", StaffRole.association, None)]
    for prefecture in bundled_options().prefectures:
        logins.append(_ensure_staff(f"reviewer{prefecture.code}", f"{prefecture.name}住房和城乡建设局",
                                    StaffRole.reviewer, prefecture.code))
    logins.append(_ensure_applicant())
    return logins


def print_logins(logins: list[DemoLogin]) -> None:
    click.echo("演示账号（密码每次启动重新生成）：")
    for login in logins:
        click.echo(f"  {login.role:<16} {login.username:<20} {login.password:<12} {login.note}")


if __name__ == "__main__":  # `python -m server.dev.demo`: the demo data in the configured database
    from server import create_app

    with create_app().app_context():
        print_logins(load_demo_data())
