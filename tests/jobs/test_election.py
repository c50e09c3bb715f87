"""Exactly one scheduler runs the jobs: two processes started at once, one leads; killed, the other
takes over. Real processes on the test database (an advisory lock on PostgreSQL, a file lock on
SQLite); the test waits for what the database says, with a deadline, never for a fixed time."""
from __future__ import annotations

import signal

from tests.fixtures.schedulers import holder, pid_of, start_scheduler, stop_all, until


def test_one_of_two_schedulers_leads_and_the_other_takes_over_when_it_dies(app, database_url):
    first, second = start_scheduler(database_url), start_scheduler(database_url)
    try:
        leader = until(lambda: holder(app), "one scheduler holds the lock")
        pids = {first.pid: first, second.pid: second}
        leading = pids[pid_of(leader)]
        waiting = second if leading is first else first
        assert waiting.poll() is None  # the other one waits, alive
        leading.send_signal(signal.SIGKILL)
        leading.wait(timeout=30)
        until(lambda: holder(app) == leader.rsplit(":", 1)[0] + f":{waiting.pid}", "the other one took over")
    finally:
        stop_all(first, second)
