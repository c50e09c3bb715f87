"""A notice to everyone waiting for review: how long queueing its messages takes and in how many
statements, then how long the sender takes to deliver them all to the sandbox (SMS: nobody here
follows the official account). The sender runs in a process of its own, as the scheduler runs it
in production, and the sandbox in the bench's: in one process Tencent's stand-in and the sender
took turns on one interpreter lock, and the figure weighed the stand-in as much as the sender."""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from sqlalchemy import event

from server import create_app
from server.accounts.actors import Actor
from server.accounts.models import StaffMember, StaffRole
from server.dev.demo_messages import register_sms_templates
from server.dev.devserver import config_for_sandbox
from server.extensions import db
from server.messages.sender import send_due
from server.notices.services import NoticeInput, create_notice, publish_now
from server.sandbox import SandboxServer, SandboxSettings


def fan_out(settings: dict[str, Any], batch_id: int) -> dict[str, Any]:
    sandbox = SandboxServer(SandboxSettings.generate())
    sandbox.start()
    try:
        config = {**settings, "SQLALCHEMY_DATABASE_URI": settings["DATABASE_URL"], **config_for_sandbox(sandbox)}
        with create_app(config).app_context():
            register_sms_templates(sandbox)
            queued = _publish(batch_id)
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as sender:
            sent, queued["deliver_seconds"] = sender.submit(_deliver_due, config).result()
        queued["delivered"], queued["sandbox_sms"] = sent, len(sandbox.sms_messages)
        return queued
    finally:
        sandbox.stop()


def _deliver_due(config: dict[str, Any]) -> tuple[int, float]:
    """In the sender's process: send until nothing is due; how many were sent, in how many seconds."""
    with create_app(config).app_context():
        started, sent = time.perf_counter(), 0
        while (report := send_due(limit=1000)).sent or report.retrying:
            sent += report.sent
        return sent, round(time.perf_counter() - started, 1)


def _publish(batch_id: int) -> dict[str, Any]:
    member = StaffMember(username="xh_bench", display_name="招标投标协会", password_hash="x",
                         role=StaffRole.association)
    db.session.add(member)
    db.session.commit()
    actor = Actor.staff(member)
    notice = create_notice(NoticeInput("资格审核进度说明", "审核将于截止日前完成，请留意审核结果。", batch_id,
                                       ("pending_review",)), actor)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    published = publish_now(notice.id, actor)
    seconds = time.perf_counter() - started
    event.remove(db.engine, "before_cursor_execute", listener)
    return {"recipients": published.recipient_count, "queue_seconds": round(seconds, 2),
            "queue_statements": len(statements)}
