"""One row per applicant and subscribe template: their last answer and the messages it allows."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models_base import Base


class SubscribeGrant(Base):
    """WeChat's one-time subscriptions (一次性订阅): each "accept" allows one message of the
    template, and sending one spends it; "reject" allows none and is kept, so nobody re-asks."""

    __tablename__ = "subscribe_grants"
    __table_args__ = (UniqueConstraint("account_id", "template_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[str] = mapped_column(String(64))
    remaining: Mapped[int] = mapped_column(default=0)
    last_answer: Mapped[str] = mapped_column(String(10))  # accept | reject | ban | filter
    answered_at: Mapped[datetime]
    spent_at: Mapped[datetime | None]
