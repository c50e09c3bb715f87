"""The reminder jobs: each a plain function of `now`, idempotent through the outbox's unique key,
and set-based (one INSERT … SELECT per batch and stage, however many applications there are).

Stages: 3 days, 1 day and 3 hours before a deadline. At each run the stage reached last is the one
sent; a subject names the deadline itself, so staff extending a batch's dates moves the reminders
with them (a new deadline is a new subject). An application created after a stage began gets no
reminder for that stage (pretix #1106: nobody is told "3 days left" ten minutes after starting).

Which deadline: the registration deadline for drafts, for submissions waiting for their signed
sheet and for rejected applications (they must withdraw and resubmit before registration closes —
the lifecycle refuses a withdrawal after it); the payment deadline for approved, unpaid ones once
their payment has opened.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, and_, cast, func, literal, select

from server.accounts.models import StaffMember, StaffRole
from server.applications import lifecycle
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.clock import format_beijing
from server.extensions import db
from server.messages import outbox
from server.money import format_yuan
from server.reference.options import bundled_options
from server.reminders import kinds
from server.transactions import atomic
from server.wechat.template_fields import wechat_time

STAGES = (("3d", timedelta(days=3)), ("1d", timedelta(days=1)), ("3h", timedelta(hours=3)))
DIGEST_BEFORE = timedelta(days=3)


@dataclass(frozen=True)
class Stage:
    name: str
    starts_at: datetime  # deadline - offset


def current_stage(deadline: datetime, now: datetime) -> Stage | None:
    """The last stage reached before `deadline`, if `now` is inside one."""
    if now >= deadline:
        return None
    reached = [Stage(name, deadline - offset) for name, offset in STAGES if now >= deadline - offset]
    return reached[-1] if reached else None


def _live_batches(now: datetime) -> list[Batch]:
    """Batches with a deadline still ahead (registration or payment)."""
    return list(db.session.scalars(select(Batch).where(Batch.payment_closes_at > now)))


def _subject(kind: str, deadline: datetime, stage: Stage):
    """`application:<id>:<kind>:<deadline>:<stage>` for each selected application."""
    tail = f":{kind}:{format_beijing(deadline, '%Y%m%d%H%M')}:{stage.name}"
    return literal("application:") + cast(Application.id, String) + literal(tail)


def _deadline(deadline: datetime) -> dict[str, str]:
    """`deadline` for SMS and mail (12月02日 18:30); `deadline_at` for WeChat's `time` fields,
    which need the year (2026年12月2日 18:30)."""
    return {"deadline": format_beijing(deadline, "%m月%d日 %H:%M"), "deadline_at": wechat_time(deadline)}


def _queue(kind: str, batch: Batch, deadline: datetime, stage: Stage, conditions: Iterable,
           context: dict) -> int:
    rows = (select(Application.account_id.label("account_id"), _subject(kind, deadline, stage).label("subject"))
            .where(Application.batch_id == batch.id, Application.created_at <= stage.starts_at, *conditions))
    return outbox.enqueue_many(kind, rows, {**context, "batch": batch.name, **_deadline(deadline)})


@atomic
def queue_reminders(now: datetime) -> str:
    """Reminders before the registration and payment deadlines (see the module's docstring)."""
    written = 0
    for batch in _live_batches(now):
        stage = current_stage(batch.registration_closes_at, now)
        if stage is not None:
            deadline = batch.registration_closes_at
            written += _queue(kinds.REGISTRATION.name, batch, deadline, stage, [Application.state == S.draft], {})
            written += _queue(kinds.SIGNED_SHEET.name, batch, deadline, stage,
                              [Application.state == S.info_submitted], {})
            written += _queue(kinds.RESUBMIT.name, batch, deadline, stage, [Application.state == S.rejected], {})
        stage = current_stage(batch.payment_closes_at, now)
        if stage is not None:
            written += _queue(kinds.PAYMENT.name, batch, batch.payment_closes_at, stage, _payable(batch, now),
                              {"amount": format_yuan(batch.fee_cents)})
    return f"写入提醒{written}条"


def _payable(batch: Batch, now: datetime) -> list:
    """Approved applications whose payment has opened: the SQL form of `lifecycle.payment_opens_at`."""
    if now < batch.payment_opens_at:
        return [literal(False)]
    return [Application.state.in_(lifecycle.states_allowing("pay")),
            Application.approved_at <= now - timedelta(days=batch.payment_delay_days)]


@atomic
def queue_payment_open(now: datetime) -> str:
    """"You may pay now", once, to each approved applicant whose payment opened and has not closed."""
    written = 0
    for batch in _live_batches(now):
        if now >= batch.payment_closes_at:
            continue
        rows = (select(Application.account_id.label("account_id"),
                       (literal("application:") + cast(Application.id, String)).label("subject"))
                .where(Application.batch_id == batch.id, *_payable(batch, now)))
        written += outbox.enqueue_many(kinds.PAYMENT_OPEN.name, rows, {
            "amount": format_yuan(batch.fee_cents), "batch": batch.name, **_deadline(batch.payment_closes_at)})
    return f"写入缴费开放通知{written}条"


def _waiting_by_prefecture(batch: Batch) -> dict[str, tuple[int, datetime]]:
    rows = db.session.execute(
        select(Application.review_prefecture_code, func.count(), func.min(Application.review_submitted_at))
        .where(Application.batch_id == batch.id, Application.state.in_(lifecycle.states_allowing("approve")))
        .group_by(Application.review_prefecture_code))
    return {code: (count, oldest) for code, count, oldest in rows if code}


def _digest_lines(waiting: dict[str, tuple[int, datetime]], codes: Iterable[str]) -> list[dict]:
    options = bundled_options()
    return [{"prefecture": getattr(options.prefecture(code), "name", code), "count": waiting[code][0],
             "oldest": format_beijing(waiting[code][1]) if waiting[code][1] else ""}
            for code in sorted(codes) if code in waiting]


@atomic
def queue_review_digest(now: datetime) -> str:
    """In the last days before a batch's review deadline, each reviewer with applications waiting
    (and association staff, for every prefecture) is mailed the count, once a Beijing day."""
    written = 0
    day = format_beijing(now, "%Y%m%d")
    console = f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/console/review"
    for batch in db.session.scalars(select(Batch).where(and_(Batch.review_closes_at > now,
                                                             Batch.review_closes_at <= now + DIGEST_BEFORE))):
        waiting = _waiting_by_prefecture(batch)
        if not waiting:
            continue
        for member in _digest_staff():
            codes = [member.prefecture_code] if member.role is StaffRole.reviewer else list(waiting)
            lines = _digest_lines(waiting, codes)
            if not lines:
                continue
            written += outbox.enqueue_for_staff(member.id, kinds.REVIEW_DIGEST.name, f"batch:{batch.id}:{day}", {
                "name": member.display_name, "batch": batch.name, "lines": lines, "console_url": console,
                "total": sum(line["count"] for line in lines),
                "deadline": format_beijing(batch.review_closes_at, "%m月%d日 %H:%M")})
    return f"写入待审核名单{written}份"


def _digest_staff() -> list[StaffMember]:
    return list(db.session.scalars(select(StaffMember).where(
        StaffMember.active.is_(True), StaffMember.email.is_not(None),
        StaffMember.role.in_((StaffRole.reviewer, StaffRole.association)))))
