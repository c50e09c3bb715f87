"""The messages an exam result sends: `exam_admitted` (入库, with where to find the letter) and
`exam_failed`; subject `application:<id>:exam`, so a result is told once however often recorded.

Both may reach the person by SMS when WeChat does not: a result decides whether they are in the pool.
"""
from __future__ import annotations

from typing import Any

from server.applications.models import Application
from server.batches.models import Batch
from server.clock import format_beijing
from server.exams.models import ExamResult
from server.messages import outbox
from server.messages.kinds import MessageKind, register

EXAM_ADMITTED = register(MessageKind("exam_admitted", "考试结果（入库）", must_reach=True)).name
EXAM_FAILED = register(MessageKind("exam_failed", "考试结果（未通过）", must_reach=True)).name
LETTER_PAGE = "pages/admission/index"


def tell_result(application: Application, batch: Batch, result: ExamResult) -> bool:
    """Queue the result's message in the caller's transaction (once per application)."""
    context: dict[str, Any] = {"name": application.name or "", "expert_number": application.expert_number or "",
                               "batch_name": batch.name, "recorded_at": format_beijing(result.recorded_at),
                               "score": result.score or ""}
    if result.passed:
        context["page"] = LETTER_PAGE
    return outbox.enqueue(application.account_id, EXAM_ADMITTED if result.passed else EXAM_FAILED,
                          f"application:{application.id}:exam", context)
