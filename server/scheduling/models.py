from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, LargeBinary, String, Text, Unicode
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.models_base import Base


class JobRun(Base):
    """One run of one job: when, how long, what it did (a short Chinese summary) or why it failed."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40), index=True)
    started_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None]
    ok: Mapped[bool | None]
    summary: Mapped[str | None] = mapped_column(Text)
    runner: Mapped[str] = mapped_column(String(80))  # host:pid, or "manual" for run-once


class SchedulerLeader(Base):
    """The one row naming the process that holds the scheduler's lock (for staff to see)."""

    __tablename__ = "scheduler_leader"

    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    since: Mapped[datetime] = mapped_column(default=now)
    heartbeat_at: Mapped[datetime] = mapped_column(default=now)


class ScheduledJobRow(Base):
    """APScheduler's SQLAlchemyJobStore table, declared here so Alembic creates it (same columns)."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)
