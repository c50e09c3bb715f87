"""The audit log (审计日志), admin only: who did what to whom, filtered and paginated."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from flask import render_template, request
from sqlalchemy import and_, func, select, true

from server.accounts.models import StaffMember, StaffRole
from server.audit.models import AuditEntry
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.review_filters import FIRST_DAY, LAST_DAY, day_range_message
from server.handlers.console.session import staff_required
from server.review.queue import beijing_day_start

PER_PAGE = 50
ACTION_LABELS = {
    "account.registered": "申报人注册", "account.wechat_bound": "申报人绑定微信",
    "account.password_changed": "申报人修改密码", "account.password_reset": "申报人重置密码",
    "account.phone_changed": "申报人修改手机号",
    "application.info_submitted": "提交申请资料", "application.pending_review": "提交资格审核",
    "application.draft": "撤回申请（回到资料填写）", "application.approved": "审核通过",
    "application.rejected": "审核驳回", "application.paid": "缴费", "application.admitted": "入库",
    "application.failed": "考试未通过", "application.viewed": "查看申请",
    "application.exported": "导出审核名单",
    "file.uploaded": "上传文件", "file.viewed": "查看文件", "file.unclaimed_removed": "清理未使用的上传文件",
    "desktop_upload.code_created": "生成电脑上传码", "desktop_upload.code_used": "电脑端上传文件",
    "catalog.loaded": "载入评标专业目录", "catalog.reloaded": "更新评标专业目录",
    "batch.created": "新建批次", "batch.updated": "修改批次设置", "batch.specialties_closed": "设置评标专业开放",
    "staff.created": "新建工作人员账号", "staff.logged_in": "工作人员登录",
    "staff.deactivated": "停用工作人员账号", "staff.reactivated": "启用工作人员账号",
    "staff.password_reset": "重置工作人员密码",
}
SUBJECT_LABELS = {"application": "申请", "stored_file": "文件", "account": "申报人账号", "staff": "工作人员",
                  "batch": "批次", "catalog": "评标专业目录", "specialty_catalog": "评标专业目录"}
ACTOR_LABELS = {"applicant": "申报人", "staff": "工作人员", "system": "系统"}
FILTER_KEYS = ("action", "actor", "subject", "from", "to")


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_id: int | None = None  # a staff member; -1 when the username names nobody
    application_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None


def _conditions(query: AuditFilter) -> list:
    conditions: list = []
    if query.action:
        conditions.append(AuditEntry.action == query.action)
    if query.actor_id is not None:
        conditions += [AuditEntry.actor_kind == "staff", AuditEntry.actor_id == query.actor_id]
    if query.application_id is not None:
        conditions += [AuditEntry.subject_kind == "application",
                       AuditEntry.subject_id == str(query.application_id)]
    if query.day_from is not None:
        conditions.append(AuditEntry.at >= beijing_day_start(query.day_from))
    if query.day_to is not None:
        conditions.append(AuditEntry.at < beijing_day_start(query.day_to + timedelta(days=1)))
    return conditions


def _parse(args) -> tuple[AuditFilter, dict[str, str], dict[str, str]]:
    values = {key: (args.get(key) or "").strip() for key in FILTER_KEYS}
    problems: dict[str, str] = {}
    actor_id = None
    if values["actor"]:
        actor_id = db.session.execute(select(StaffMember.id).where(
            StaffMember.username == values["actor"].lower())).scalar_one_or_none()
        if actor_id is None:
            problems["actor"] = "没有这个用户名的工作人员"
            actor_id = -1
    application_id = None
    if values["subject"]:
        if values["subject"].isdigit():
            application_id = int(values["subject"])
        else:
            problems["subject"] = "申请编号应为数字"
    days: dict[str, date | None] = {}
    for key in ("from", "to"):
        try:
            days[key] = date.fromisoformat(values[key]) if values[key] else None
        except ValueError:
            problems[key] = "日期格式应为 年-月-日"
            days[key] = None
        if days[key] is not None and not FIRST_DAY <= days[key] <= LAST_DAY:
            problems[key] = day_range_message("日期")
            days[key] = None
    query = AuditFilter(values["action"], actor_id, application_id, days["from"], days["to"])
    return query, values, problems


def _actor_names(entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_kind == "staff" and e.actor_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(StaffMember.id, StaffMember.username)
                                   .where(StaffMember.id.in_(ids))).all())


def detail_text(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)[:300] if detail else ""


@bp.get("/audit")
@staff_required(StaffRole.admin)
def audit_log():
    query, values, problems = _parse(request.args)
    where = and_(true(), *_conditions(query))
    total = db.session.execute(select(func.count()).select_from(AuditEntry).where(where)).scalar_one()
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, int(request.args["page"]) if request.args.get("page", "").isdigit() else 1), pages)
    entries = list(db.session.execute(
        select(AuditEntry).where(where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).scalars())
    actions = sorted(set(ACTION_LABELS) | set(db.session.execute(select(AuditEntry.action).distinct()).scalars()))

    def link(**changes: object) -> str:
        merged = {**values, **{k: str(v) for k, v in changes.items()}}
        return urlencode({k: v for k, v in merged.items() if v})

    return render_template("console/audit.html", entries=entries, total=total, page=page, pages=pages,
                           values=values, problems=problems, actions=actions, action_label=action_label,
                           actor_names=_actor_names(entries), actor_labels=ACTOR_LABELS,
                           subject_labels=SUBJECT_LABELS, detail_text=detail_text, link=link,
                           per_page=PER_PAGE)
