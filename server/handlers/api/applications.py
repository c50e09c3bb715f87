"""Application API: my application in the current batch, saved section by section, then submitted."""
from __future__ import annotations

import marshmallow as ma
from flask import Response, current_app

from server.applications import drafts, submission
from server.applications.choices import choice_list
from server.applications.completeness import problem_view
from server.applications.drafts import Saved
from server.applications.form import (
    AVOIDANCE_UNIT_LIMITS,
    CERTIFICATE_LIMITS,
    FIELD_LABELS,
    SECTION_FIELDS,
    SECTION_LABELS,
    TEXT_LIMITS,
)
from server.applications.models import Application, AvoidanceUnit, Certificate
from server.applications.presenter import application_view
from server.applications.status_read import Stamp, status_of
from server.applications.view_cache import applicant_views, view_key
from server.batches.models import Batch
from server.clock import now
from server.documents.commitment_letter import commitment_letter_pdf
from server.extensions import db
from server.handlers.api.auth import (
    BEARER_SECURITY,
    authenticated_as,
    bearer_token,
    current_account,
    current_login,
    login_required,
)
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.errors import flatten_messages
from server.handlers.api.fields import BeijingDateTime, Schema, file_id_range, no_nul, text
from server.handlers.documents import send_document

blp = ApiBlueprint("applications", __name__, description="专家申报：按部分保存草稿、完整性检查与提交")
CURRENT = "/applications/current"


REFUSED = "_refused"  # where a section schema leaves the fields it refused, for the save to answer


class SectionSchema(Schema):
    """A section's fields, all optional (partial saves); errors are named `section.field`.

    A field of the wrong type or length does not refuse the request: the valid fields are saved
    and the refused ones come back as `field_problems`. A body that is not an object is refused."""

    section = ""

    def load(self, data, *args, **kwargs):
        try:
            return super().load(data, *args, **kwargs)
        except ma.ValidationError as error:
            messages = error.normalized_messages()
            if not isinstance(data, dict) or "_schema" in messages:
                raise
            valid = error.valid_data if isinstance(error.valid_data, dict) else {}
            refused = flatten_messages({f"{self.section}.{key}": value for key, value in messages.items()})
            return {**valid, REFUSED: refused}


def _text(field: str, limit: int | None = None) -> ma.fields.String:
    return text(FIELD_LABELS.get(field, field), required=False, allow_none=True,
                max_length=limit or TEXT_LIMITS.get(field, 50))


def _flag(label: str) -> ma.fields.Boolean:
    return ma.fields.Boolean(allow_none=True, metadata={"description": label},
                             error_messages={"invalid": f"{label}须为是或否"})


def _coded(field: str) -> ma.fields.String:
    """A coded field: one of its codes (an empty value clears it); the OpenAPI enum lists them with labels."""
    codes = choice_list(field)

    def check(value: str) -> None:
        if message := codes.error(value):
            raise ma.ValidationError(message)

    return ma.fields.String(allow_none=True, validate=check, metadata=codes.openapi(),
                            error_messages={"invalid": codes.message})


def _file_id(field: str) -> ma.fields.Integer:
    label = FIELD_LABELS[field]
    return ma.fields.Integer(allow_none=True, strict=True, metadata={"description": f"{label}（上传后得到的文件编号）"},
                             validate=file_id_range(f"{label}的文件编号不正确"),
                             error_messages={"invalid": f"{label}的文件编号不正确"})


def _codes(label: str) -> ma.fields.List:
    code = ma.fields.String(validate=[ma.validate.Length(min=3, max=7, error=f"{label}中的专业代码格式不正确"),
                                      no_nul(f"{label}中的专业代码格式不正确")],
                            error_messages={"null": f"{label}中的专业代码不能为空",
                                            "invalid": f"{label}中的专业代码格式不正确"})
    return ma.fields.List(code, allow_none=True,
                          validate=ma.validate.Length(max=20, error=f"{label}选择过多"),
                          metadata={"description": f"{label}：按选择顺序排列的专业代码"},
                          error_messages={"invalid": f"{label}格式不正确"})


class BasicSection(SectionSchema):
    section = "basic"
    name, gender, birth = _text("name"), _coded("gender"), _text("birth", 7)
    id_number = _text("id_number", 18)
    political_affiliation, prefecture_code = _coded("political_affiliation"), _coded("prefecture_code")
    title, title_level = _text("title"), _coded("title_level")
    education, degree = _coded("education"), _coded("degree")
    school, major = _text("school"), _text("major")
    photo_file_id = _file_id("photo_file_id")
    id_card_front_file_id = _file_id("id_card_front_file_id")
    id_card_back_file_id = _file_id("id_card_back_file_id")
    title_certificate_file_id = _file_id("title_certificate_file_id")
    education_proof_file_id = _file_id("education_proof_file_id")


class QualificationSection(SectionSchema):
    section = "qualification"
    profession_level1, profession_level2 = _text("profession_level1", 3), _text("profession_level2", 5)
    years_of_practice = ma.fields.Raw(allow_none=True, metadata={
        "description": "从事专业年限（整数，最多3位）", "type": "integer"})
    work_unit, unit_office_phone = _text("work_unit"), _text("unit_office_phone")
    unit_credit_code = _text("unit_credit_code", 18)
    unit_credit_code_confirmed = _flag("信用代码确认")


class EvaluationSection(SectionSchema):
    section = "evaluation"
    accepts_remote_evaluation = _flag(FIELD_LABELS["accepts_remote_evaluation"])
    willing_emergency_expert = _flag(FIELD_LABELS["willing_emergency_expert"])
    email, backup_mobile = _text("email"), _text("backup_mobile", 11)


class SpecialtiesSection(SectionSchema):
    section = "specialties"
    primary, alternate = _codes("首选评标专业"), _codes("备选评标专业")


class ExperienceSection(SectionSchema):
    section = "experience"
    work_experience, evaluation_experience = _text("work_experience"), _text("evaluation_experience")


class RenewalSection(SectionSchema):
    section = "renewal"
    kind = _coded("kind")


class CommitmentSection(SectionSchema):
    section = "commitment"
    commitment_letter_file_id = _file_id("commitment_letter_file_id")


SECTION_SCHEMAS = {schema.section: schema for schema in (
    BasicSection, QualificationSection, EvaluationSection, SpecialtiesSection, ExperienceSection,
    RenewalSection, CommitmentSection)}


class CertificateInput(SectionSchema):
    section = "certificates"
    name = text("证书名称", required=False, allow_none=True, max_length=CERTIFICATE_LIMITS["name"])
    registration_number = text("注册号", required=False, allow_none=True,
                               max_length=CERTIFICATE_LIMITS["registration_number"])
    proof_file_id = ma.fields.Integer(allow_none=True, strict=True,
                                      validate=file_id_range("证书 PDF 证明的文件编号不正确"),
                                      error_messages={"invalid": "证书 PDF 证明的文件编号不正确"})


class AvoidanceUnitInput(SectionSchema):
    section = "avoidance_units"
    name = text("回避单位全称", required=False, allow_none=True, max_length=AVOIDANCE_UNIT_LIMITS["name"])
    credit_code = text("信用代码", required=False, allow_none=True, max_length=18)
    credit_code_confirmed = _flag("信用代码确认")
    description = text("情况概述", required=False, allow_none=True,
                       max_length=AVOIDANCE_UNIT_LIMITS["description"])


class SpecialtyCheckInput(Schema):
    primary, alternate = _codes("首选评标专业"), _codes("备选评标专业")


class ProblemSchema(ma.Schema):
    field = ma.fields.String()
    section = ma.fields.String()
    section_label = ma.fields.String()
    message = ma.fields.String()
    severity = ma.fields.String(metadata={"description": "error 或 warning（须确认）"})


class ProblemsSchema(ma.Schema):
    complete = ma.fields.Boolean()
    problems = ma.fields.List(ma.fields.Nested(ProblemSchema))


class SpecialtyProblemSchema(ma.Schema):
    field = ma.fields.String()
    message = ma.fields.String()
    code = ma.fields.String(allow_none=True)


class SpecialtyCheckSchema(ma.Schema):
    problems = ma.fields.List(ma.fields.Nested(SpecialtyProblemSchema))


class FileInfoSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Function(lambda stored: stored.kind.value)
    original_name, content_type, size = ma.fields.String(), ma.fields.String(), ma.fields.Integer()


class BatchBriefSchema(ma.Schema):
    id, name = ma.fields.Integer(), ma.fields.String()
    registration_closes_at = BeijingDateTime()


class RejectionSchema(ma.Schema):
    reasons = ma.fields.String(allow_none=True, metadata={"description": "驳回理由（可为空，此时见字段标注）"})
    field_marks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), metadata={
        "description": "字段路径（如 basic.photo_file_id、certificates[0].proof_file_id、"
                       "review.signed_sheet_file_id）→ 审核员对该字段的说明（可为空字符串）"})
    decided_at = BeijingDateTime()


class DecisionSchema(RejectionSchema):
    decision = ma.fields.String(metadata={"description": "approved（审核通过）或 rejected（驳回）"})


class ReviewSchema(ma.Schema):
    latest_rejection = ma.fields.Nested(RejectionSchema, allow_none=True, metadata={
        "description": "最近一次审核决定为驳回时即为该次驳回（撤回、修改、重新提交期间一直可见，直到审核员再次作出决定），否则为 null"})
    decisions = ma.fields.List(ma.fields.Nested(DecisionSchema), metadata={"description": "全部审核决定，按时间先后"})


class ActionSchema(ma.Schema):
    action = ma.fields.String(metadata={"description": "操作：edit 修改资料、submit_info 提交资料、upload_signed_sheet "
                                                      "上传审查表、submit_for_review 提交审核、withdraw 撤回、pay 网上缴费"})
    label = ma.fields.String(metadata={"description": "操作名称（按钮文字）"})
    allowed = ma.fields.Boolean(metadata={"description": "现在能否执行"})
    reason = ma.fields.String(allow_none=True, metadata={"description": "不能执行时的原因（含开始时间或截止时间）"})
    opens_at = BeijingDateTime(allow_none=True, metadata={"description": "尚未开始时，可执行的开始时间"})
    closes_at = BeijingDateTime(allow_none=True, metadata={"description": "该操作的截止时间"})


class ApplicationSchema(ma.Schema):
    id = ma.fields.Integer()
    state = ma.fields.String()
    state_label = ma.fields.String()
    batch = ma.fields.Nested(BatchBriefSchema)
    basic = ma.fields.Dict()
    qualification = ma.fields.Dict()
    certificates = ma.fields.List(ma.fields.Dict())
    evaluation = ma.fields.Dict()
    specialties = ma.fields.Dict()
    experience = ma.fields.Dict()
    avoidance_units = ma.fields.List(ma.fields.Dict())
    renewal = ma.fields.Dict()
    commitment = ma.fields.Dict()
    files = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(FileInfoSchema))
    warnings = ma.fields.List(ma.fields.Nested(ProblemSchema), metadata={
        "description": "保存后即可知的问题（字段已保存）：须确认的提示（warning），以及将导致无法提交的问题（error）："
                       "年龄超过本批次上限（由身份证号码得出）、从事专业年限或职称级别不符合本批次要求、"
                       "该身份证号码已在本批次由其他账号提交"})
    submitted_at = BeijingDateTime(allow_none=True)
    updated_at = BeijingDateTime()
    expert_number = ma.fields.String(allow_none=True, metadata={
        "description": "专家编号（审核通过后分配，如 B001-650100-0001；缴费时需输入）"})
    signed_sheet_file_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "本次提交审核的签字盖章审查表文件编号（撤回后清空）"})
    review_submitted_at = BeijingDateTime(allow_none=True, metadata={"description": "提交审核时间（撤回后清空）"})
    review = ma.fields.Nested(ReviewSchema)
    approved_at = BeijingDateTime(allow_none=True, metadata={"description": "审核通过时间"})
    allowed_actions = ma.fields.List(ma.fields.Nested(ActionSchema), metadata={
        "description": "本人现在可见的操作：能否执行，不能时的原因与开始时间（小程序据此显示按钮与提示）"})
    field_problems = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), metadata={
        "description": "本次保存中未保存的字段（字段路径 → 原因）；其余字段已保存"})


def answer(result: Application | Saved, status: int = 200) -> Response | dict:
    """A write's answer: the view the applicant's next read gives, kept for that read in the view
    cache (a save that refused some fields answers them too, and is not kept)."""
    if isinstance(result, Saved) and result.field_problems:
        return view(result)
    application = result.application if isinstance(result, Saved) else result
    batch, login = db.session.get(Batch, application.batch_id), current_login()
    stamp = Stamp(batch.id, batch.version, batch, application.id, application.version, application.approved_at)
    body = _rendered(application)
    applicant_views().put(view_key(stamp, login.account_id, login.phone, now()), body)
    return current_app.response_class(body, status=status, mimetype="application/json")


def view(application: Application | Saved) -> dict:
    """The application as the logged-in applicant sees it (after a save: with its field problems)."""
    if isinstance(application, Saved):
        return application_view(application.application, current_account(), application.field_problems)
    return application_view(application, current_account())


def _section_route(section: str, schema: type[SectionSchema]) -> None:
    @blp.route(f"{CURRENT}/{section}", methods=["PUT"], endpoint=f"save_{section}")
    @blp.doc(security=BEARER_SECURITY, summary=f"保存{SECTION_LABELS[section]}（草稿，可部分填写；有误的字段不保存，"
                                               "在 field_problems 中说明）")
    @login_required
    @blp.arguments(schema)
    @blp.response(200, ApplicationSchema)
    def save(body: dict):
        refused = body.pop(REFUSED, {})
        return answer(drafts.save_section(current_account(), section, body, refused))


for _section, _schema in SECTION_SCHEMAS.items():
    assert set(_schema._declared_fields) == set(SECTION_FIELDS[_section]), _section
    _section_route(_section, _schema)


@blp.route(CURRENT, methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
def current_application():
    """我在当前批次的申请（首次读取时创建草稿）"""
    login, stamp = status_of(bearer_token())  # the login and the view's key in one statement
    authenticated_as(login)
    if stamp is None:
        return view(drafts.current_application(current_account()))
    key = view_key(stamp, login.account_id, login.phone, now())
    body = applicant_views().get_or_render(key, lambda: _rendered(drafts.current_application(current_account())))
    return current_app.response_class(body, mimetype="application/json")


_VIEW_SCHEMA = ApplicationSchema()  # built once: building a schema costs as much as half a dump


def _rendered(application: Application) -> bytes:
    return current_app.json.dumps(_VIEW_SCHEMA.dump(view(application))).encode()


def _whole(body: dict) -> dict:
    """A list item is saved whole or not at all: its refused fields refuse it."""
    refused = body.pop(REFUSED, {})
    drafts.refuse(refused)
    return body


def _list_routes(path: str, model: type, schema: type[SectionSchema], label: str) -> None:
    @blp.route(f"{CURRENT}/{path}", methods=["POST"], endpoint=f"add_{path}")
    @blp.doc(security=BEARER_SECURITY, summary=f"添加{label}")
    @login_required
    @blp.arguments(schema)
    @blp.response(201, ApplicationSchema)
    def add(body: dict):
        return answer(drafts.add_item(current_account(), model, _whole(body)), 201)

    @blp.route(f"{CURRENT}/{path}/<int:item_id>", methods=["PUT"], endpoint=f"update_{path}")
    @blp.doc(security=BEARER_SECURITY, summary=f"修改{label}")
    @login_required
    @blp.arguments(schema)
    @blp.response(200, ApplicationSchema)
    def update(body: dict, item_id: int):
        return answer(drafts.update_item(current_account(), model, item_id, _whole(body)))

    @blp.route(f"{CURRENT}/{path}/<int:item_id>", methods=["DELETE"], endpoint=f"remove_{path}")
    @blp.doc(security=BEARER_SECURITY, summary=f"删除{label}")
    @blp.response(200, ApplicationSchema)
    @login_required
    def remove(item_id: int):
        return answer(drafts.remove_item(current_account(), model, item_id))


_list_routes("certificates", Certificate, CertificateInput, "职业资格证书")
_list_routes("avoidance-units", AvoidanceUnit, AvoidanceUnitInput, "回避单位")


@blp.route(f"{CURRENT}/renewal-prefill", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
@login_required
def renewal_prefill():
    """续聘：用上一次审核通过的申请预填本次申请"""
    return answer(drafts.prefill_renewal(current_account()))


@blp.route(f"{CURRENT}/problems", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ProblemsSchema)
@login_required
def problems():
    """完整性检查：一次列出全部问题（与提交被拒时相同）"""
    account = current_account()
    application = drafts.current_application(account)
    found = submission.problems_of(application, account, db.session.get(Batch, application.batch_id))
    return {"complete": not found, "problems": [problem_view(p) for p in found]}


@blp.route(f"{CURRENT}/submit", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ApplicationSchema)
@login_required
def submit():
    """提交资料：草稿 → 资料提交审核（检查完整性与资格，冻结表单）"""
    return answer(submission.submit_info(current_account()))


@blp.route(f"{CURRENT}/specialties/check", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(SpecialtyCheckInput)
@blp.response(200, SpecialtyCheckSchema)
def check_specialties(body: dict):
    """专业选择器每次选择前询问：按本批次规则检查候选选择"""
    found = drafts.specialty_check(current_account(), body.get("primary") or [], body.get("alternate") or [])
    return {"problems": [{"field": p.field, "message": p.message, "code": p.code} for p in found]}


@blp.route(f"{CURRENT}/commitment-letter.pdf", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, summary="下载诚信承诺书模板（PDF，已填入姓名）",
         responses={200: {"description": "PDF", "content": {"application/pdf": {}}}})
@login_required
def commitment_letter():
    application = drafts.current_application(current_account())
    batch = db.session.get(Batch, application.batch_id)
    pdf = commitment_letter_pdf(application.name, batch.name, current_app.config["PDF_FONT_PATH"])
    return send_document(pdf, "诚信承诺书.pdf", "commitment-letter.pdf")
