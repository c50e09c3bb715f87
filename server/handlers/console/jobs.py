"""定时任务: each job's schedule, last run and its result, next run, and which process leads."""
from __future__ import annotations

from flask import render_template

from server.accounts.models import StaffRole
from server.handlers.console import bp
from server.handlers.console.session import staff_required
from server.scheduling.jobs import JOBS
from server.scheduling.runs import job_statuses, leader


@bp.get("/jobs")
@staff_required(StaffRole.admin, StaffRole.association)
def scheduled_jobs():
    return render_template("console/jobs.html", jobs=JOBS, statuses=job_statuses(list(JOBS)), leader=leader())
