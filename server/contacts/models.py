"""Consultation contacts per prefecture, and the system-wide hotlines as staff changed them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.models_base import Base


class ConsultationContact(Base):
    """One place to ask about the policy in one prefecture: the office, its phone and hours."""

    __tablename__ = "consultation_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefecture_code: Mapped[str] = mapped_column(String(6), index=True)
    office: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(30))
    hours: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)


class Hotline(Base):
    """A hotline staff changed; without a row the seed's number stands (see services.HOTLINES)."""

    __tablename__ = "hotlines"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)  # payment | technical
    phone: Mapped[str] = mapped_column(String(30))
    hours: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)
