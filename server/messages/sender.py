"""The sender: deliver due outbox messages through the channels the person has, in order.

One round per message: claim it (a lease, so two senders never take the same row and a sender
that died lets it go), deliver outside any transaction (WeChat and SMTP calls never hold a lock),
then record every attempt and the outcome in one transaction. A channel that failed for good since
the message was queued is not tried again; a temporary failure is retried with backoff; when no
channel is left, or after MAX_ROUNDS, the message is failed and staff see it.

Delivery is at least once: a sender killed between delivering and recording delivers again when
its lease ends. The unique key of the outbox (person, kind, subject) keeps everything else once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from server.accounts.models import Account, StaffMember
from server.applications.models import Application
from server.clock import now as clock_now
from server.extensions import db
from server.messages.channels import Channel, Outgoing, Recipient, Undelivered, channels
from server.messages.kinds import kind_of
from server.messages.models import DeliveryAttempt, MessageState, OutboxMessage
from server.transactions import atomic

MAX_ROUNDS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=2)
NO_CHANNEL = "没有可用的发送渠道（未绑定微信、未授权订阅消息、无邮箱或手机号）"


@dataclass(frozen=True)
class Attempt:
    channel: str
    outcome: str  # sent | temporary | permanent
    detail: str | None = None


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)


def backoff(rounds: int) -> timedelta:
    """1, 2, 4, … minutes after each failed round, at most two hours."""
    return min(FIRST_RETRY * 2 ** max(0, rounds - 1), LONGEST_WAIT)


@atomic
def claim_due(moment: datetime, limit: int) -> list[int]:
    """Take up to `limit` due messages for this sender: theirs until the lease
    (OUTBOX_LEASE_SECONDS) ends."""
    query = (select(OutboxMessage).where(
        OutboxMessage.state == MessageState.pending, OutboxMessage.next_attempt_at <= moment,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < moment))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
        .with_for_update(skip_locked=True))
    claimed = list(db.session.execute(query).scalars())
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    for message in claimed:
        message.claimed_until = moment + lease
    return [message.id for message in claimed]


def _recipient(message: OutboxMessage) -> Recipient:
    if message.staff_id is not None:
        member = db.session.get(StaffMember, message.staff_id)
        return Recipient(None, None, member.email if member.active else None, None, staff_id=member.id)
    account = db.session.get(Account, message.account_id)
    email = db.session.scalar(
        select(Application.email).where(Application.account_id == account.id, Application.email.is_not(None))
        .order_by(Application.created_at.desc()).limit(1))
    return Recipient(account.id, account.phone, email, account.wechat_openid)


def _given_up_on(message: OutboxMessage) -> set[str]:
    return set(db.session.scalars(select(DeliveryAttempt.channel).where(
        DeliveryAttempt.message_id == message.id, DeliveryAttempt.outcome == "permanent",
        DeliveryAttempt.at >= message.queued_at)))


def _try(channel: Channel, outgoing: Outgoing) -> Attempt:
    try:
        channel.deliver(outgoing)
    except Undelivered as failure:
        return Attempt(channel.name, "temporary" if failure.temporary else "permanent", failure.reason[:300])
    return Attempt(channel.name, "sent")


def _deliver(message_id: int) -> tuple[list[Attempt], bool]:
    """Try the channels in order until one delivers; whether any channel could be tried at all."""
    message = db.session.get(OutboxMessage, message_id)
    outgoing = Outgoing(message.id, kind_of(message.kind), dict(message.context), _recipient(message))
    skip = _given_up_on(message)
    candidates = [c for c in channels() if c.name not in skip and c.reaches(outgoing)]
    db.session.rollback()  # nothing held while the channels talk to the outside world
    attempts: list[Attempt] = []
    for channel in candidates:
        attempts.append(_try(channel, outgoing))
        if attempts[-1].outcome == "sent":
            break
    return attempts, bool(candidates)


@atomic
def _record(message_id: int, attempts: list[Attempt], reachable: bool, moment: datetime) -> MessageState:
    message = db.session.get(OutboxMessage, message_id, with_for_update=True)
    for attempt in attempts:
        db.session.add(DeliveryAttempt(message_id=message.id, at=moment, channel=attempt.channel,
                                       outcome=attempt.outcome, detail=attempt.detail))
    message.attempts += 1
    message.claimed_until = None
    delivered = next((a for a in attempts if a.outcome == "sent"), None)
    retry = any(a.outcome == "temporary" for a in attempts)
    if delivered is not None:
        message.state, message.sent_at, message.sent_channel = MessageState.sent, moment, delivered.channel
        message.last_error = None
    elif retry and message.attempts < MAX_ROUNDS:
        message.next_attempt_at = moment + backoff(message.attempts)
        message.last_error = "; ".join(f"{a.channel}: {a.detail}" for a in attempts if a.detail)
    else:
        message.state = MessageState.failed
        message.last_error = ("; ".join(f"{a.channel}: {a.detail}" for a in attempts if a.detail)
                              if reachable else NO_CHANNEL)
    return message.state


def send_due(now: datetime | None = None, limit: int = 200) -> SendReport:
    """Deliver the messages due at `now` (at most `limit`); run by the scheduler, by hand, in tests."""
    moment = now or clock_now()
    report = SendReport()
    for message_id in claim_due(moment, limit):
        attempts, reachable = _deliver(message_id)
        state = _record(message_id, attempts, reachable, moment)
        if state is MessageState.sent:
            report.sent += 1
            channel = next(a.channel for a in attempts if a.outcome == "sent")
            report.by_channel[channel] = report.by_channel.get(channel, 0) + 1
        elif state is MessageState.pending:
            report.retrying += 1
        else:
            report.failed += 1
    return report
