"""A notice to everyone waiting for review: how long queueing its messages takes and in how many
statements, then how long the sender takes to deliver them all to the sandbox (SMS: nobody here
follows the official account)."""
from __future__ import annotations

import time
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
        app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": settings["DATABASE_URL"],
                          **config_for_sandbox(sandbox)})
        with app.app_context():
            register_sms_templates(sandbox)
            queued = _publish(batch_id)
            started = time.perf_counter()
            sent = 0
            while (report := send_due(limit=1000)).sent or report.retrying:
                sent += report.sent
            queued["deliver_seconds"] = round(time.perf_counter() - started, 1)
            queued["delivered"], queued["sandbox_sms"] = sent, len(sandbox.sms_messages)
        return queued
    finally:
        sandbox.stop()


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
