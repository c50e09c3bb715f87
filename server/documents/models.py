"""Documents rendered once and kept: the review sheet of each submission."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.files.blobs import keeps_blobs
from server.models_base import Base


class KeptReviewSheet(Base):
    """The PDF of one submission's review sheet, as first rendered for the address its QR code
    names (a new PUBLIC_BASE_URL renders it again): the same bytes on every download."""

    __tablename__ = "kept_review_sheets"
    __table_args__ = (UniqueConstraint("snapshot_id", "verify_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("application_snapshots.id", ondelete="CASCADE"))
    verify_url: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=now)


keeps_blobs(KeptReviewSheet.sha256)
