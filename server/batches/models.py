from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from server.clock import now
from server.models_base import Base
from server.reference.options import batch_defaults


class Batch(Base):
    """The windows are instants (stored UTC); users read them in Beijing time."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    registration_opens_at: Mapped[datetime]
    registration_closes_at: Mapped[datetime]
    review_closes_at: Mapped[datetime]
    payment_opens_at: Mapped[datetime]
    payment_closes_at: Mapped[datetime]
    # Defaults: server/reference/data/batch-defaults.json
    fee_cents: Mapped[int] = mapped_column(default=lambda: batch_defaults().fee_yuan * 100)
    payment_delay_days: Mapped[int] = mapped_column(default=lambda: batch_defaults().payment_delay_days)
    min_practice_years: Mapped[int] = mapped_column(default=lambda: batch_defaults().min_practice_years)
    allowed_title_levels: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(batch_defaults().allowed_title_levels))
    max_age: Mapped[int] = mapped_column(default=lambda: batch_defaults().max_age)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)
    # Grows with every write of the row: the applicants' cached views depend on it.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def touch(self) -> None:
        """Something applicants see of the batch changed outside its row (closed specialties, the
        catalog): write the row, so its version counts the change."""
        flag_modified(self, "updated_at")

    @property
    def fee_yuan(self) -> int:
        return self.fee_cents // 100
