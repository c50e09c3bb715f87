"""Notices, their PDF attachments, and who received each (with the read mark)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.files.blobs import keeps_blobs
from server.models_base import Base


class NoticeState(str, enum.Enum):
    draft = "draft"  # being written; not scheduled
    scheduled = "scheduled"  # goes out at `publish_at`
    published = "published"  # went out: recipients fixed, messages queued
    withdrawn = "withdrawn"  # taken back before it went out

    @property
    def label(self) -> str:
        return {"draft": "草稿", "scheduled": "定时发布", "published": "已发布", "withdrawn": "已撤回"}[self.value]


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_due", "state", "publish_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    # The audience: applications of the batch in these states, in these prefectures (none: all).
    audience_states: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_prefectures: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[NoticeState] = mapped_column(
        Enum(NoticeState, native_enum=False, length=10), default=NoticeState.draft)
    publish_at: Mapped[datetime | None]  # when a scheduled notice goes out
    published_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    recipient_count: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)


class NoticeAttachment(Base):
    """A PDF attached to a notice; the bytes live in the blob store under their SHA-256."""

    __tablename__ = "notice_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    pages: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=now)


class NoticeRecipient(Base):
    """One person a published notice was addressed to; `read_at` once they opened it."""

    __tablename__ = "notice_recipients"

    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    read_at: Mapped[datetime | None]


keeps_blobs(NoticeAttachment.sha256)
