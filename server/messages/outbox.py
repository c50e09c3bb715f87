"""Write a message in the caller's transaction; resend one (staff)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Select, String, cast, literal, select

from server.accounts.actors import Actor
from server.audit.services import record
from server.clock import now
from server.database import dialect_insert
from server.errors import NotFound
from server.extensions import db
from server.messages.kinds import kind_of
from server.messages.models import MessageState, OutboxMessage
from server.models_base import UTCDateTime
from server.transactions import atomic


def message_key(account_id: int, kind: str, subject: str) -> str:
    return f"{account_id}:{kind}:{subject}"


def staff_message_key(staff_id: int, kind: str, subject: str) -> str:
    return f"staff{staff_id}:{kind}:{subject}"


def enqueue(account_id: int, kind: str, subject: str, context: dict[str, Any]) -> bool:
    """Write the message in the caller's transaction; False (and nothing written) when the same
    (person, kind, subject) was written before — a message goes out once, however often asked."""
    return _write(message_key(account_id, kind, subject), kind, subject, context, account_id=account_id)


def enqueue_for_staff(staff_id: int, kind: str, subject: str, context: dict[str, Any]) -> bool:
    """The same for a staff member (mailed to the member's email)."""
    return _write(staff_message_key(staff_id, kind, subject), kind, subject, context, staff_id=staff_id)


def _write(key: str, kind: str, subject: str, context: dict[str, Any], **recipient: int) -> bool:
    """One INSERT … ON CONFLICT DO NOTHING: the unique key skips a message written before, or
    by a concurrent transaction, in the same statement (no look-up, no savepoint)."""
    kind_of(kind)  # a kind nobody registered is a programming error, refused now
    moment = now()
    insert = dialect_insert(db.session.get_bind())
    statement = (insert(OutboxMessage).values(key=key, kind=kind, subject=subject, context=context,
                                              next_attempt_at=moment, queued_at=moment, **recipient)
                 .on_conflict_do_nothing().returning(OutboxMessage.id))
    return db.session.execute(statement).first() is not None


def enqueue_many(kind: str, rows: Select, context: dict[str, Any]) -> int:
    """One message to many people in one INSERT … SELECT, in the caller's transaction, however many
    they are: `rows` selects `account_id` and `subject` columns; everyone gets the same `context`.
    Whoever has the message already is skipped by the unique key, exactly as `enqueue` skips them.
    The number written."""
    kind_of(kind)
    pairs = rows.subquery()
    key = cast(pairs.c.account_id, String) + literal(f":{kind}:") + pairs.c.subject  # as message_key()
    moment = now()
    source = select(pairs.c.account_id, key, literal(kind), pairs.c.subject,
                    literal(context, type_=JSON), literal(MessageState.pending.value), literal(0),
                    literal(moment, type_=UTCDateTime()), literal(moment, type_=UTCDateTime()),
                    literal(moment, type_=UTCDateTime())).where(pairs.c.account_id.is_not(None))  # (SQLite's
    # grammar wants a WHERE before ON CONFLICT in an INSERT … SELECT)
    columns = ["account_id", "key", "kind", "subject", "context", "state", "attempts", "next_attempt_at",
               "created_at", "queued_at"]
    insert = dialect_insert(db.session.get_bind())
    statement = insert(OutboxMessage.__table__).from_select(columns, source).on_conflict_do_nothing()
    return db.session.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


@atomic
def resend(message_id: int, actor: Actor) -> OutboxMessage:
    """Staff send a message again: it goes back to the queue, due now, with its history kept."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        raise NotFound("消息不存在")
    moment = now()
    message.state, message.next_attempt_at, message.queued_at, message.claimed_until = (
        MessageState.pending, moment, moment, None)
    record(actor, "message.resent", "outbox_message", message.id, kind=message.kind,
           previous=message.sent_channel or message.last_error)
    return message
