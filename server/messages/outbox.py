"""Write a message in the caller's transaction; resend one (staff)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Select, String, cast, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from server.accounts.actors import Actor
from server.audit.services import record
from server.clock import now
from server.errors import NotFound
from server.extensions import db
from server.messages.kinds import kind_of
from server.messages.models import MessageState, OutboxMessage
from server.models_base import UTCDateTime
from server.transactions import atomic

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def message_key(account_id: int, kind: str, subject: str) -> str:
    return f"{account_id}:{kind}:{subject}"


def enqueue(account_id: int, kind: str, subject: str, context: dict[str, Any]) -> bool:
    """Write the message in the caller's transaction; False (and nothing written) when the same
    (person, kind, subject) was written before — a message goes out once, however often asked."""
    kind_of(kind)  # a kind nobody registered is a programming error, refused now
    key = message_key(account_id, kind, subject)
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(OutboxMessage(key=key, account_id=account_id, kind=kind, subject=subject,
                                         context=context, next_attempt_at=now()))
    except IntegrityError:  # a concurrent transaction wrote it first
        return False
    return True


def enqueue_many(account_ids: Select[tuple[int]], kind: str, subject: str, context: dict[str, Any]) -> int:
    """The same message to every account `account_ids` selects (one column of account ids), in the
    caller's transaction and in one INSERT … SELECT, however many they are; those who have it
    already are skipped by the unique key, as `enqueue` skips them. The number written."""
    kind_of(kind)
    ids = account_ids.subquery()
    account_id = ids.c[0]
    moment = now()
    table = OutboxMessage.__table__
    # The same key as message_key(), computed by the database for each row.
    rows = select(cast(account_id, String) + literal(f":{kind}:{subject}"), account_id, literal(kind),
                  literal(subject), literal(context, JSON), literal(MessageState.pending.value), literal(0),
                  literal(moment, UTCDateTime()), literal(moment, UTCDateTime()),
                  literal(moment, UTCDateTime())).where(true())  # SQLite: WHERE keeps ON CONFLICT apart
    columns = ["key", "account_id", "kind", "subject", "context", "state", "attempts", "next_attempt_at",
               "created_at", "queued_at"]
    insert = INSERTS[db.session.get_bind().dialect.name]
    statement = insert(table).from_select(columns, rows).on_conflict_do_nothing(index_elements=["key"])
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
