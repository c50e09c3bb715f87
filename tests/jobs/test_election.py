"""Exactly one scheduler runs the jobs: two processes started at once, one leads; killed, the other
takes over. Real processes on the test database (an advisory lock on PostgreSQL, a file lock on
SQLite); the test waits for what the database says, with a deadline, never for a fixed time."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from sqlalchemy import select

from server.extensions import db
from server.scheduling.models import SchedulerLeader

INTERVAL = "0.2"  # seconds between tries: a takeover within a second, not a minute
DEADLINE = 60.0


def until(condition: Callable[[], object], what: str) -> object:
    ends = time.monotonic() + DEADLINE
    while time.monotonic() < ends:
        found = condition()
        if found:
            return found
        time.sleep(0.05)  # polling for a state, not timing anything
    raise AssertionError(f"within {DEADLINE:.0f} s: {what}")


def holder(app) -> str | None:
    with app.app_context():
        row = db.session.scalar(select(SchedulerLeader))
        db.session.remove()
        return row.holder if row else None


def start(database_url: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development"}
    return subprocess.Popen([sys.executable, "-m", "jobs", "--interval", INTERVAL], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_one_of_two_schedulers_leads_and_the_other_takes_over_when_it_dies(app, database_url):
    first, second = start(database_url), start(database_url)
    try:
        leader = until(lambda: holder(app), "one scheduler holds the lock")
        pids = {first.pid: first, second.pid: second}
        leading = pids[int(leader.rsplit(":", 1)[1])]
        waiting = second if leading is first else first
        assert waiting.poll() is None  # the other one waits, alive
        leading.send_signal(signal.SIGKILL)
        leading.wait(timeout=30)
        until(lambda: holder(app) == leader.rsplit(":", 1)[0] + f":{waiting.pid}", "the other one took over")
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
