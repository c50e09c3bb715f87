"""The messages an exam result sends: `exam_admitted` (入库, with where to find the letter) and
`exam_failed`; subject `application:<id>:exam`, so a result is told once however often recorded.

Both may reach the person by SMS when WeChat does not: a result decides whether they are in the pool.
"""
from __future__ import annotations

from typing import Any

from server.applications.models import Application
from server.batches.models import Batch
from server.exams.models import ExamResult
from server.messages import outbox
from server.messages.kinds import MessageKind, register
from server.messages.wechat_templates import wechat_options
from server.wechat.template_fields import wechat_time

# The applicant subscribed to "training and exam notices" after paying: the result uses that template.
EXAM_ADMITTED = register(MessageKind("exam_admitted", "考试结果（入库）", must_reach=True,
                                     options=wechat_options("notice"))).name
EXAM_FAILED = register(MessageKind("exam_failed", "考试结果（未通过）", must_reach=True,
                                   options=wechat_options("notice"))).name
LETTER_PAGE = "pages/admission/index"


def result_context(application: Application, batch: Batch, result: ExamResult) -> dict[str, Any]:
    context: dict[str, Any] = {"name": application.name or "", "expert_number": application.expert_number or "",
                               "batch_name": batch.name, "recorded_at": wechat_time(result.recorded_at),
                               "score": result.score or ""}
    if result.passed:
        context["page"] = LETTER_PAGE
    return context


def tell_result(application: Application, batch: Batch, result: ExamResult) -> bool:
    """Queue the result's message in the caller's transaction (once per application)."""
    return outbox.enqueue(application.account_id, EXAM_ADMITTED if result.passed else EXAM_FAILED,
                          f"application:{application.id}:exam", result_context(application, batch, result))
