"""Reference data loaded into tables: the specialty catalog (reloadable) and per-batch closed nodes."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models_base import Base


class SpecialtyNode(Base):
    __tablename__ = "specialty_nodes"

    edition: Mapped[str] = mapped_column(String(4), primary_key=True)  # "2018" or "2010"
    code: Mapped[str] = mapped_column(String(7), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[int]
    parent_code: Mapped[str | None] = mapped_column(String(7))
    position: Mapped[int]


class CatalogEdition(Base):
    """Which load of an edition's rows is in force: every load writes a new generation, so a
    process keeps its built tree until the generation it was built from is replaced."""

    __tablename__ = "catalog_editions"

    edition: Mapped[str] = mapped_column(String(4), primary_key=True)
    generation: Mapped[str] = mapped_column(String(32))


class ClosedSpecialty(Base):
    """A catalog node that applicants of a batch may not pick (grey in the picker)."""

    __tablename__ = "closed_specialties"

    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(7), primary_key=True)
