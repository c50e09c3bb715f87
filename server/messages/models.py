"""The outbox: one row per message to one person, and one row per delivery attempt."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.models_base import Base


class MessageState(str, enum.Enum):
    pending = "pending"  # waiting for its (next) attempt
    sent = "sent"
    failed = "failed"  # no channel could deliver it; staff see it and may resend

    @property
    def label(self) -> str:
        return {"pending": "待发送", "sent": "已送达", "failed": "发送失败"}[self.value]


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "state", "next_attempt_at"),
                      CheckConstraint("(account_id IS NULL) <> (staff_id IS NULL)", name="one_recipient"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # (person, kind, subject): a message can be written once, so it can never go out twice.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # The person: an applicant's account, or a staff member (the review digest); exactly one.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(120))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[MessageState] = mapped_column(
        Enum(MessageState, native_enum=False, length=10), default=MessageState.pending)
    attempts: Mapped[int] = mapped_column(default=0)  # delivery rounds so far
    next_attempt_at: Mapped[datetime] = mapped_column(default=now)
    # A sender that claimed the row holds it until then; a sender that died lets it go.
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    # When it was (re)queued: a channel that failed for good since then is not tried again.
    queued_at: Mapped[datetime] = mapped_column(default=now)
    sent_at: Mapped[datetime | None]
    sent_channel: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(Text)


class DeliveryAttempt(Base):
    """One try on one channel: what happened, for staff to read."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=now)
    channel: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(10))  # sent | temporary | permanent
    detail: Mapped[str | None] = mapped_column(String(300))
