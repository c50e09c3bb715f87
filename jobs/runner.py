"""Running one job: in the app's context, with `now`, recorded as a JobRun."""
from __future__ import annotations

import logging
import os
import socket
from datetime import datetime

from flask import Flask

from server import clock
from server.scheduling.jobs import JOBS
from server.scheduling.runs import record_run

log = logging.getLogger(__name__)
_app: Flask | None = None


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def use_app(app: Flask) -> None:
    """The app the scheduled jobs run in (one per process; APScheduler calls `scheduled` by name)."""
    global _app
    _app = app


def run_job(app: Flask, name: str, now: datetime | None = None, runner: str | None = None) -> str:
    job = JOBS[name]
    with app.app_context():
        moment = now or clock.now()
        return record_run(name, runner or runner_name(), lambda: job.run(moment))


def scheduled(name: str) -> None:
    """What APScheduler calls (by reference, so its job store can keep it)."""
    if _app is None:
        raise RuntimeError("jobs.runner.use_app() was not called in this process")
    try:
        log.info("job %s: %s", name, run_job(_app, name))
    except Exception:
        log.exception("job %s failed", name)
