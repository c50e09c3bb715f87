"""What each job did when: a run is recorded as it starts and as it ends (ok, or why not)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from server.clock import now
from server.extensions import db
from server.scheduling.models import JobRun, ScheduledJobRow, SchedulerLeader
from server.transactions import atomic


@atomic
def _start(job: str, runner: str) -> int:
    run = JobRun(job=job, runner=runner, started_at=now())
    db.session.add(run)
    db.session.flush()
    return run.id


@atomic
def _finish(run_id: int, ok: bool, summary: str) -> None:
    run = db.session.get(JobRun, run_id)
    run.finished_at, run.ok, run.summary = now(), ok, summary[:2000]


def record_run(job: str, runner: str, work: Callable[[], str]) -> str:
    """Run `work` (it returns a Chinese summary) and record the run; a failure is recorded and
    raised again, so the scheduler's log has it too."""
    run_id = _start(job, runner)
    try:
        summary = work()
    except Exception as error:
        db.session.rollback()
        _finish(run_id, False, f"失败：{type(error).__name__}: {error}")
        raise
    _finish(run_id, True, summary)
    return summary


@dataclass(frozen=True)
class JobStatus:
    job: str
    last: JobRun | None
    next_run_at: datetime | None


def job_statuses(names: list[str]) -> list[JobStatus]:
    """The last run of each job and its next run (from the job store), in `names`' order."""
    latest = dict(db.session.execute(select(JobRun.job, func.max(JobRun.id)).group_by(JobRun.job)).all())
    runs = {run.job: run for run in db.session.scalars(select(JobRun).where(JobRun.id.in_(latest.values())))}
    next_times = dict(db.session.execute(select(ScheduledJobRow.id, ScheduledJobRow.next_run_time)).all())
    return [JobStatus(name, runs.get(name), datetime.fromtimestamp(next_times[name], UTC)
                      if next_times.get(name) else None) for name in names]


def leader() -> SchedulerLeader | None:
    return db.session.get(SchedulerLeader, 1)


@atomic
def claim_leadership(holder: str) -> None:
    """The process now holding the lock says so (one row, replaced)."""
    row = db.session.get(SchedulerLeader, 1, with_for_update=True)
    moment = now()
    if row is None:
        db.session.add(SchedulerLeader(id=1, holder=holder, since=moment, heartbeat_at=moment))
    elif row.holder != holder:
        row.holder, row.since, row.heartbeat_at = holder, moment, moment
    else:
        row.heartbeat_at = moment
