from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.models_base import Base


class FileKind(str, enum.Enum):
    photo = "photo"
    id_card_front = "id_card_front"
    id_card_back = "id_card_back"
    title_certificate = "title_certificate"
    education_proof = "education_proof"
    certificate_proof = "certificate_proof"
    commitment_letter = "commitment_letter"
    signed_review_sheet = "signed_review_sheet"
    signed_sheet_page = "signed_sheet_page"  # a photo of one signed page; the server builds the PDF


class StoredFile(Base):
    """One upload. The bytes live in storage under their SHA-256; rows may share a blob."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FileKind] = mapped_column(Enum(FileKind, native_enum=False, length=30))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(50))
    original_name: Mapped[str] = mapped_column(String(255))
    width: Mapped[int | None]
    height: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
    # Set when an application refers to the file; unclaimed uploads are removed after a day.
    claimed_at: Mapped[datetime | None]
