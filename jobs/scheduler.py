"""The scheduler process: wait for the lock, then run every job on its schedule until the lock or
the process ends. APScheduler keeps its jobs in the database (SQLAlchemyJobStore), so a process
that takes over knows when each job is next due."""
from __future__ import annotations

import logging
import threading

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from jobs import runner
from jobs.election import Lock, scheduler_lock
from server.clock import BEIJING
from server.extensions import db
from server.scheduling.jobs import JOBS, trigger_options
from server.scheduling.runs import claim_leadership

log = logging.getLogger(__name__)
MISFIRE_GRACE_SECONDS = 600


def _scheduler(app: Flask) -> BackgroundScheduler:
    with app.app_context():
        store = SQLAlchemyJobStore(engine=db.engine)
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=BEIJING,
                                    job_defaults={"coalesce": True, "max_instances": 1,
                                                  "misfire_grace_time": MISFIRE_GRACE_SECONDS})
    intervals = app.config["SCHEDULER_INTERVALS"]
    for job in JOBS.values():
        options = ({"seconds": intervals[job.name]} if job.trigger == "interval" and job.name in intervals
                   else trigger_options(job))
        scheduler.add_job("jobs.runner:scheduled", job.trigger, args=[job.name], id=job.name, name=job.label,
                          replace_existing=True, **options)
    return scheduler


def _lead(app: Flask, lock: Lock, interval: float, stop: threading.Event) -> None:
    holder = runner.runner_name()
    with app.app_context():
        claim_leadership(holder)
    log.info("scheduler %s holds the lock: running %d jobs", holder, len(JOBS))
    scheduler = _scheduler(app)
    scheduler.start()
    try:
        while not stop.wait(interval):
            if not lock.still_held():
                log.error("scheduler %s lost the lock: stopping", holder)
                return
            with app.app_context():
                claim_leadership(holder)  # the heartbeat staff see in the console
    finally:
        scheduler.shutdown(wait=True)
        lock.release()


def serve(app: Flask, *, interval: float = 10.0, stop: threading.Event | None = None) -> None:
    """Wait for the lock (trying every `interval` seconds), then lead until `stop` is set."""
    stop = stop or threading.Event()
    runner.use_app(app)
    with app.app_context():
        lock = scheduler_lock(db.engine)
    waiting_logged = False
    while not stop.is_set():
        if lock.try_acquire():
            _lead(app, lock, interval, stop)
            waiting_logged = False
        elif not waiting_logged:
            log.info("scheduler %s waits: another process holds the lock", runner.runner_name())
            waiting_logged = True
        stop.wait(interval)
