"""The review sheet (申请和资格审查表) of my current submission: rows for the mini-program's preview,
and the PDF to print, sign, stamp, scan and upload."""
from __future__ import annotations

import marshmallow as ma

from server.documents.kept_sheets import current_sheet_pdf
from server.documents.review_sheet_source import current_sheet
from server.handlers.api.auth import BEARER_SECURITY, current_login, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime
from server.handlers.documents import send_document

blp = ApiBlueprint("review_sheet", __name__, description="申请和资格审查表：预览与 PDF 下载")
SHEET = "/applications/current/review-sheet"
PDF_NAME = "申请和资格审查表.pdf"


class CellSchema(ma.Schema):
    label = ma.fields.String(metadata={"description": "项目名称，如“姓名”"})
    value = ma.fields.String(metadata={"description": "填写内容（身份证号码为完整号码）"})


class RowSchema(ma.Schema):
    cells = ma.fields.List(ma.fields.Nested(CellSchema),
                           metadata={"description": "一行中的一或两项（与审查表相同）"})
    heading = ma.fields.String(metadata={"description": "分部标题（如“首选评标专业”），有此项时无 cells"})


class ReviewSheetSchema(ma.Schema):
    title = ma.fields.String()
    sequence = ma.fields.Integer(metadata={"description": "第几次提交"})
    submitted_at = BeijingDateTime(metadata={"description": "提交时间（北京时间）"})
    rows = ma.fields.List(ma.fields.Nested(RowSchema))
    verify_url = ma.fields.String(metadata={"description": "审查表二维码指向的核验地址"})


@blp.route(SHEET, methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ReviewSheetSchema)
@login_required
def review_sheet():
    """我当前提交的申请和资格审查表（逐行，供核对；未提交时 404“尚未提交资料”）"""
    sheet = current_sheet(current_login().account_id, with_photo=False)
    return {"title": sheet.title, "sequence": sheet.sequence, "submitted_at": sheet.submitted_at,
            "rows": [row.as_dict() for row in sheet.rows], "verify_url": sheet.verify_url}


@blp.route(f"{SHEET}.pdf", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, summary="下载申请和资格审查表（PDF，打印后签字盖章）",
         responses={200: {"description": "PDF", "content": {"application/pdf": {}}}})
@login_required
def review_sheet_download():
    pdf, sequence = current_sheet_pdf(current_login().account_id)
    return send_document(pdf, PDF_NAME, f"review-sheet-{sequence}.pdf")  # it carries the full ID number
