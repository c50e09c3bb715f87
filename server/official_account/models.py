"""Who follows the official account as which applicant, and the binding QR codes' scenes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models_base import Base


class OfficialAccountBinding(Base):
    """An applicant's official-account openid: template messages go there and the bot answers
    its texts with this account's status. One per account, one per openid; leaving unbinds."""

    __tablename__ = "official_account_bindings"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    bound_by: Mapped[str] = mapped_column(String(10))  # scene | unionid
    bound_at: Mapped[datetime]


class BindingScene(Base):
    """The scene of one binding QR code, kept as its SHA-256 only: whoever scans the code within
    its lifetime binds their WeChat to the account that asked for it, once."""

    __tablename__ = "official_account_binding_scenes"

    id: Mapped[int] = mapped_column(primary_key=True)
    scene_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
