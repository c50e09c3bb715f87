"""The sender: deliver due outbox messages through the channels the person has, in order.

It works through the due messages a chunk (CHUNK) at a time: claim the chunk (a lease, so two
senders never take the same row and a sender that died lets it go), load its messages, their
recipients and the channels that failed them for good in a few set-based queries, then end the
transaction and deliver outside any (WeChat and SMTP calls never hold a lock), a few people at
once on DELIVERY_THREADS threads — each person's messages in the order they were queued, each
message's channels in order; then record every attempt and each outcome of the chunk in one
transaction. A channel that failed for good since the message was queued is not tried again; a
temporary failure is retried with backoff; when no channel is left, or after MAX_ROUNDS, the
message is failed and staff see it.

Delivery is at least once: a sender killed between delivering and recording delivers again when
its lease ends. The unique key of the outbox (person, kind, subject) keeps everything else once.
"""
from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import insert, or_, select, update

from server.clock import now as clock_now
from server.extensions import db
from server.messages.channels import Channel, Outgoing, Undelivered, channels
from server.messages.kinds import kind_of
from server.messages.models import DeliveryAttempt, MessageState, OutboxMessage
from server.messages.recipients import recipients_of
from server.transactions import atomic

MAX_ROUNDS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=2)
NO_CHANNEL = "没有可用的发送渠道（未绑定微信、未授权订阅消息、无邮箱或手机号）"
CHUNK = 100  # messages claimed, delivered and recorded together
# Messages delivered at once: the calls mostly wait on WeChat, Tencent or SMTP; a few threads keep
# them busy without crowding them (or the database pool, one connection per thread).
DELIVERY_THREADS = 4


@dataclass(frozen=True)
class Attempt:
    channel: str
    outcome: str  # sent | temporary | permanent
    detail: str | None = None


@dataclass(frozen=True)
class Round:
    """One message's delivery round: the channels tried, and whether any could be tried at all."""

    message_id: int
    attempts: list[Attempt]
    reachable: bool


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)

    def count(self, state: MessageState, attempts: list[Attempt]) -> None:
        if state is MessageState.sent:
            self.sent += 1
            channel = next(a.channel for a in attempts if a.outcome == "sent")
            self.by_channel[channel] = self.by_channel.get(channel, 0) + 1
        elif state is MessageState.pending:
            self.retrying += 1
        else:
            self.failed += 1


def backoff(rounds: int) -> timedelta:
    """1, 2, 4, … minutes after each failed round, at most two hours."""
    return min(FIRST_RETRY * 2 ** max(0, rounds - 1), LONGEST_WAIT)


@atomic
def claim_due(moment: datetime, limit: int) -> list[int]:
    """Take up to `limit` due messages for this sender: theirs until the lease
    (OUTBOX_LEASE_SECONDS) ends."""
    query = (select(OutboxMessage.id).where(
        OutboxMessage.state == MessageState.pending, OutboxMessage.next_attempt_at <= moment,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < moment))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
        .with_for_update(skip_locked=True))
    claimed = list(db.session.scalars(query))
    if claimed:
        lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(claimed))
                           .values(claimed_until=moment + lease), execution_options={"synchronize_session": False})
    return claimed


def _given_up_on(message_ids: list[int]) -> dict[int, set[str]]:
    """The channels that failed each message for good since it was (re)queued."""
    failed = db.session.execute(
        select(DeliveryAttempt.message_id, DeliveryAttempt.channel)
        .join(OutboxMessage, OutboxMessage.id == DeliveryAttempt.message_id)
        .where(DeliveryAttempt.message_id.in_(message_ids), DeliveryAttempt.outcome == "permanent",
               DeliveryAttempt.at >= OutboxMessage.queued_at))
    given_up: dict[int, set[str]] = {}
    for message_id, channel in failed:
        given_up.setdefault(message_id, set()).add(channel)
    return given_up


def _prepare(message_ids: list[int]) -> list[tuple[Outgoing, list[Channel]]]:
    """The claimed messages as the channels see them, each with the channels to try in order."""
    messages = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(message_ids))
                                       .order_by(OutboxMessage.id)))
    recipients, given_up = recipients_of(messages), _given_up_on(message_ids)
    prepared = []
    for message in messages:
        outgoing = Outgoing(message.id, kind_of(message.kind), dict(message.context), recipients[message.id])
        skip = given_up.get(message.id, set())
        prepared.append((outgoing, [c for c in channels() if c.name not in skip and c.reaches(outgoing)]))
    db.session.rollback()  # nothing held while the channels talk to the outside world
    return prepared


def _try(channel: Channel, outgoing: Outgoing) -> Attempt:
    try:
        channel.deliver(outgoing)
    except Undelivered as failure:
        return Attempt(channel.name, "temporary" if failure.temporary else "permanent", failure.reason[:300])
    return Attempt(channel.name, "sent")


def _round(outgoing: Outgoing, candidates: list[Channel]) -> Round:
    """Try the channels in order until one delivers."""
    attempts: list[Attempt] = []
    for channel in candidates:
        attempts.append(_try(channel, outgoing))
        if attempts[-1].outcome == "sent":
            break
    return Round(outgoing.id, attempts, bool(candidates))


def _deliver(app: Flask, work: list[tuple[Outgoing, list[Channel]]]) -> tuple[list[Round], Exception | None]:
    """One person's messages in the order they were queued (a receipt before its refund), in a
    thread with its own app context and session; an unexpected error stops the person's rest."""
    rounds: list[Round] = []
    with app.app_context():
        for outgoing, candidates in work:
            try:
                rounds.append(_round(outgoing, candidates))
            except Exception as error:  # raised by send_due once the rest is recorded
                return rounds, error
    return rounds, None


def _deliver_all(pool: ThreadPoolExecutor, prepared: list[tuple[Outgoing, list[Channel]]]) -> list[Future]:
    """Everyone's messages at once, each person's one after another."""
    people: dict[tuple[int | None, int | None], list[tuple[Outgoing, list[Channel]]]] = {}
    for outgoing, candidates in prepared:
        person = (outgoing.recipient.account_id, outgoing.recipient.staff_id)
        people.setdefault(person, []).append((outgoing, candidates))
    app = current_app._get_current_object()
    return [pool.submit(_deliver, app, work) for work in people.values()]


def _settle(message: OutboxMessage, round_: Round, moment: datetime) -> None:
    """The message's state after its round."""
    message.attempts += 1
    message.claimed_until = None
    delivered = next((a for a in round_.attempts if a.outcome == "sent"), None)
    retry = any(a.outcome == "temporary" for a in round_.attempts)
    reasons = "; ".join(f"{a.channel}: {a.detail}" for a in round_.attempts if a.detail)
    if delivered is not None:
        message.state, message.sent_at, message.sent_channel = MessageState.sent, moment, delivered.channel
        message.last_error = None
    elif retry and message.attempts < MAX_ROUNDS:
        message.next_attempt_at = moment + backoff(message.attempts)
        message.last_error = reasons
    else:
        message.state = MessageState.failed
        message.last_error = reasons if round_.reachable else NO_CHANNEL


@atomic
def _record(rounds: list[Round], moment: datetime) -> dict[int, MessageState]:
    """Every attempt of the chunk and each message's outcome, in one transaction (a message
    removed meanwhile, with its account, is left out)."""
    messages = {m.id: m for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_([r.message_id for r in rounds])).with_for_update())}
    rounds = [r for r in rounds if r.message_id in messages]
    rows = [{"message_id": r.message_id, "at": moment, "channel": a.channel, "outcome": a.outcome, "detail": a.detail}
            for r in rounds for a in r.attempts]
    if rows:
        db.session.execute(insert(DeliveryAttempt), rows)
    for round_ in rounds:
        _settle(messages[round_.message_id], round_, moment)
    return {r.message_id: messages[r.message_id].state for r in rounds}


def _finished(futures: Iterable[Future]) -> tuple[list[Round], Exception | None]:
    """The rounds that ended, and the first unexpected error (raised after recording the others:
    what was delivered is recorded even when a channel broke)."""
    rounds: list[Round] = []
    error: Exception | None = None
    for future in futures:
        ended, failure = future.result()
        rounds += ended
        error = error or failure
    return rounds, error


def send_due(now: datetime | None = None, limit: int = 200, chunk: int = CHUNK) -> SendReport:
    """Deliver the messages due at `now` (at most `limit`, `chunk` at a time); run by the
    scheduler, by hand, in tests."""
    moment = now or clock_now()
    report = SendReport()
    taken = 0
    with ThreadPoolExecutor(DELIVERY_THREADS, thread_name_prefix="outbox") as pool:
        while taken < limit and (claimed := claim_due(moment, min(chunk, limit - taken))):
            taken += len(claimed)
            rounds, error = _finished(_deliver_all(pool, _prepare(claimed)))
            states = _record(rounds, moment) if rounds else {}
            for round_ in rounds:
                if round_.message_id in states:
                    report.count(states[round_.message_id], round_.attempts)
            if error is not None:
                raise error
    return report
