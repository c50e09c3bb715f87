"""Review API (资格审核): submit the signed review sheet for review, and withdraw (撤回)."""
from __future__ import annotations

import marshmallow as ma

from server.applications import submission
from server.files.kinds import PDF_MAX_PAGES
from server.handlers.api.applications import CURRENT, ApplicationSchema, answer
from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import Schema, file_id_range

blp = ApiBlueprint("review", __name__, description="资格审核：提交签字盖章的审查表、撤回")

SHEET_LABEL = "签字盖章的申请和资格审查表"


def _sheet_field(required: bool) -> ma.fields.Integer:
    return ma.fields.Integer(
        required=required, strict=True, allow_none=not required,
        metadata={"description": f"{SHEET_LABEL}（PDF，以 kind=signed_review_sheet 上传后得到的文件编号；"
                                 "须在本次提交资料之后上传）"},
        validate=file_id_range(f"{SHEET_LABEL}的文件编号不正确"),
        error_messages={"required": f"请上传{SHEET_LABEL}", "null": f"请上传{SHEET_LABEL}",
                        "invalid": f"{SHEET_LABEL}的文件编号不正确"})


class SignedSheetInput(Schema):
    signed_sheet_file_id = _sheet_field(required=True)


class SubmitForReviewInput(Schema):
    signed_sheet_file_id = _sheet_field(required=False)


@blp.route(f"{CURRENT}/signed-sheet", methods=["PUT"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
@blp.alt_response(409, schema="Error", description="不在“资料提交审核”阶段，或报名已截止")
@blp.alt_response(422, schema="Error", description="文件不存在、不是本人的、类型不对、上传于本次提交资料之前，"
                                                   "或页数少于本次审查表")
@login_required
@blp.arguments(SignedSheetInput)
def put_signed_sheet(body: dict):
    """保存签字盖章的审查表扫描件（上传后立即保存，提交审核前可更换）"""
    return answer(submission.upload_signed_sheet(current_account(), body["signed_sheet_file_id"]))


class SignedSheetPhotosInput(Schema):
    page_file_ids = ma.fields.List(
        ma.fields.Integer(strict=True, validate=file_id_range("照片的文件编号不正确"),
                          error_messages={"invalid": "照片的文件编号不正确", "null": "照片的文件编号不正确"}),
        required=True, validate=ma.validate.Length(min=1, max=PDF_MAX_PAGES,
                                                   error=f"请上传1至{PDF_MAX_PAGES}页的照片"),
        metadata={"description": "审查表每一页的照片（以 kind=signed_sheet_page 上传后得到的文件编号），按页码顺序"},
        error_messages={"required": "请按页码顺序上传审查表每一页的照片", "invalid": "照片的文件编号格式不正确"})


@blp.route(f"{CURRENT}/signed-sheet/photos", methods=["PUT"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
@blp.alt_response(409, schema="Error", description="不在“资料提交审核”阶段，或报名已截止")
@blp.alt_response(413, schema="Error", description="照片合成的 PDF 超过大小上限")
@blp.alt_response(422, schema="Error", description="照片不存在、不是本人的、类型不对或重复，或页数少于审查表")
@login_required
@blp.arguments(SignedSheetPhotosInput)
def put_signed_sheet_photos(body: dict):
    """逐页拍照上传签字盖章的审查表：按页码顺序给出每页照片，服务器合成 PDF 并保存为审查表扫描件"""
    return answer(submission.upload_signed_sheet_photos(current_account(), body["page_file_ids"]))


@blp.route(f"{CURRENT}/submit-for-review", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
@blp.alt_response(409, schema="Error", description="状态不对（未提交资料、已提交审核、已驳回、已通过）或报名已截止")
@blp.alt_response(422, schema="Error", description="文件不存在、不是本人的、类型不对，或上传于本次提交资料之前")
@login_required
@blp.arguments(SubmitForReviewInput)
def submit_for_review(body: dict):
    """提交审核：资料提交审核 → 待审核（使用已保存或本次给出的签字盖章审查表；报名截止后不能提交）"""
    return answer(submission.submit_for_review(current_account(), body.get("signed_sheet_file_id")))


@blp.route(f"{CURRENT}/withdraw", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
@blp.alt_response(409, schema="Error", description="未提交、已审核通过，或报名已截止")
@login_required
def withdraw():
    """撤回：从资料提交审核、待审核（审核员作出决定前）或已驳回回到资料填写；驳回理由保留可见，
    重新提交会生成新的审查表（需重新签字盖章上传）"""
    return answer(submission.withdraw(current_account()))
