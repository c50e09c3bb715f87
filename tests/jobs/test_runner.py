"""Running a job by hand or on its schedule: in the app, at a given moment, recorded for staff."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from jobs import runner
from jobs.__main__ import main
from server.accounts.models import StaffRole
from server.clock import BEIJING
from server.extensions import db
from server.messages.models import OutboxMessage
from server.scheduling.jobs import JOBS
from server.scheduling.models import JobRun
from server.scheduling.runs import job_statuses

REGISTRATION_CLOSES = datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING)


def runs() -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).order_by(JobRun.id)))


def test_every_job_runs_and_is_recorded_with_its_summary(app, batch, clock):
    for name in JOBS:
        runner.run_job(app, name)
    with app.app_context():
        recorded = {run.job: run for run in runs()}
        assert set(recorded) == set(JOBS)
        assert all(run.ok and run.finished_at and run.summary for run in recorded.values())
        assert recorded["reminders"].summary == "写入提醒0条"


def test_a_job_run_at_a_given_moment_acts_as_of_then(app, build, clock):
    build.draft()
    summary = runner.run_job(app, "reminders", REGISTRATION_CLOSES - timedelta(days=2), runner="manual")
    assert summary == "写入提醒1条"
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.kind)) == "reminder_submit_info"
        assert runs()[0].runner == "manual"


def test_the_console_reads_each_jobs_last_run(app, batch, clock):
    runner.run_job(app, "payment_open")
    with app.app_context():
        statuses = {status.job: status for status in job_statuses(list(JOBS))}
        assert statuses["payment_open"].last.ok is True and statuses["reminders"].last is None


def test_the_command_line_lists_the_jobs_and_refuses_an_unknown_one(capsys):
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "send_messages" in listed and "每1分钟" in listed and "每天 09:00（北京时间）" in listed
    with pytest.raises(SystemExit):
        main(["run-once", "no_such_job"])


def test_run_once_from_a_shell_uses_the_configured_database(database_url, app, batch):
    environment = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development"}
    done = subprocess.run([sys.executable, "-m", "jobs", "run-once", "reminders", "--now", "2026-11-30T18:30"],
                          capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "写入提醒0条" in done.stdout
    with app.app_context():
        assert [run.runner for run in runs()] == ["manual"]


def test_staff_see_each_job_with_its_last_result_and_who_leads(app, client, batch, staff, console, clock):
    runner.run_job(app, "reminders")
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    page = client.get("/console/jobs").get_data(as_text=True)
    assert "还没有调度进程运行" in page
    assert 'data-job="reminders"' in page and "写入提醒0条" in page and "每10分钟" in page


def test_reviewers_do_not_see_the_jobs(client, staff, console):
    staff("rv_urumqi", StaffRole.reviewer, "650100")
    console.login("rv_urumqi")
    assert client.get("/console/jobs").status_code == 403
