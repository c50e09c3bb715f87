"""The qualification review (资格审核): signed sheets, decisions, withdrawals, expert numbers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.models_base import Base


class ReviewDecision(Base):
    """One reviewer's decision on one submission (snapshot): approve, or reject with reasons.

    A submission is decided at most once (the unique snapshot), which the database itself keeps
    when two reviewers decide at the same moment.
    """

    __tablename__ = "review_decisions"
    __table_args__ = (UniqueConstraint("snapshot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("application_snapshots.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    decision: Mapped[str] = mapped_column(String(10))  # approved | rejected
    reasons: Mapped[str | None] = mapped_column(Text)
    # field path (e.g. "basic.photo_file_id") -> what is wrong with it
    field_marks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The signed, stamped review sheet the reviewer decided on (a withdrawal clears the
    # application's own reference; this one stays with the decision).
    signed_sheet_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=now)


class ExpertNumberCounter(Base):
    """The last expert-number sequence used per batch and prefecture; numbers are never reused."""

    __tablename__ = "expert_number_counters"

    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True)
    prefecture_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(default=0)
