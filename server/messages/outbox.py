"""Write a message in the caller's transaction; resend one (staff)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.actors import Actor
from server.audit.services import record
from server.clock import now
from server.errors import NotFound
from server.extensions import db
from server.messages.kinds import kind_of
from server.messages.models import MessageState, OutboxMessage
from server.transactions import atomic


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
