"""The result recorded for an application, and the admission letter issued for it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.files.blobs import keeps_blobs
from server.models_base import Base


class ExamResult(Base):
    """One application's exam result; recorded once (a correction is not a second result)."""

    __tablename__ = "exam_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    passed: Mapped[bool]
    score: Mapped[str | None] = mapped_column(String(6))  # as written, normalised: "85", "85.5"
    recorded_at: Mapped[datetime] = mapped_column(default=now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(120))  # "单条登记" or the uploaded file's name


class AdmissionLetter(Base):
    """The letter as issued: rendered once, kept in the blob store, the same bytes every time."""

    __tablename__ = "admission_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    issued_on: Mapped[date]
    term_start: Mapped[date]
    term_end: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=now)


keeps_blobs(AdmissionLetter.sha256)
