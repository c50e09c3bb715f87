"""Exam results API: my exam result and, once admitted, my admission letter (入库通知书, PDF)."""
from __future__ import annotations

import marshmallow as ma

from server.exams import letters
from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime
from server.handlers.documents import send_document

blp = ApiBlueprint("exams", __name__, description="考试结果与入库通知书")


class ExamResultSchema(ma.Schema):
    expert_number = ma.fields.String()
    passed = ma.fields.Boolean(metadata={"description": "true：通过，已入库；false：未通过"})
    score = ma.fields.String(allow_none=True, metadata={"description": "成绩（未登记成绩时为 null）"})
    recorded_at = BeijingDateTime(metadata={"description": "登记时间（北京时间）"})
    term_start = ma.fields.Date(allow_none=True, metadata={"description": "聘期开始（入库时）"})
    term_end = ma.fields.Date(allow_none=True, metadata={"description": "聘期结束（入库时）"})


@blp.route("/exam-result", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ExamResultSchema)
@blp.alt_response(404, schema="Error", description="尚无考试结果")
@login_required
def exam_result():
    """我最近一次登记的考试结果（入库或未通过）"""
    return letters.result_for(current_account())


@blp.route("/exam-result/admission-letter.pdf", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, summary="下载入库通知书（PDF，入库后可下载）",
         responses={200: {"description": "PDF", "content": {"application/pdf": {}}}})
@blp.alt_response(404, schema="Error", description="尚未入库")
@login_required
def admission_letter():
    letter = letters.letter_for(current_account())
    return send_document(letter.data, letter.filename, letter.ascii_filename)
