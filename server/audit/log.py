"""Reading the audit log (审计日志): labels in Chinese, filters, pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, select, true

from server.accounts.models import StaffMember
from server.applications.lifecycle import ACTIONS
from server.audit.models import AuditEntry
from server.clock import beijing_day_start
from server.extensions import db

PER_PAGE = 50
ACTION_LABELS = {
    "account.registered": "申报人注册", "account.wechat_bound": "申报人绑定微信",
    "account.password_changed": "申报人修改密码", "account.password_reset": "申报人重置密码",
    "account.phone_changed": "申报人修改手机号",
    "account.official_account_bound": "申报人绑定公众号", "account.official_account_unbound": "申报人取消关注公众号",
    **{action.audit: action.label for action in ACTIONS.values()},
    "application.viewed": "查看申请", "application.exported": "导出审核名单",
    "file.uploaded": "上传文件", "file.viewed": "查看文件", "payment_document.viewed": "查看缴费凭证或发票", "file.read_with_reason": "说明理由后查看申报人文件", "file.unclaimed_removed": "清理未使用的上传文件",
    "desktop_upload.code_created": "生成电脑上传码", "desktop_upload.code_used": "电脑端上传文件",
    "catalog.loaded": "载入评标专业目录", "catalog.reloaded": "更新评标专业目录",
    "batch.created": "新建批次", "batch.updated": "修改批次设置", "batch.specialties_closed": "设置评标专业开放",
    "staff.created": "新建工作人员账号", "staff.logged_in": "工作人员登录", "staff.logged_out": "工作人员退出登录",
    "staff.deactivated": "停用工作人员账号", "staff.reactivated": "启用工作人员账号",
    "staff.password_reset": "重置工作人员密码",
}
SUBJECT_LABELS = {"application": "申请", "stored_file": "文件", "account": "申报人账号", "staff": "工作人员",
                  "batch": "批次", "catalog": "评标专业目录", "specialty_catalog": "评标专业目录"}
ACTOR_LABELS = {"applicant": "申报人", "staff": "工作人员", "system": "系统"}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_id: int | None = None  # a staff member; -1 when the username names nobody
    application_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    pages: int
    actor_names: dict[int, str]  # staff id -> username, for the entries listed


def staff_id_of(username: str) -> int | None:
    return db.session.scalar(select(StaffMember.id).where(StaffMember.username == username.lower()))


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


def _actor_names(entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_kind == "staff" and e.actor_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(StaffMember.id, StaffMember.username)
                                   .where(StaffMember.id.in_(ids))).all())


def audit_page(query: AuditFilter, page: int) -> AuditPage:
    """One page of the entries matching `query`, newest first."""
    where = and_(true(), *_conditions(query))
    total = db.session.execute(select(func.count()).select_from(AuditEntry).where(where)).scalar_one()
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    entries = list(db.session.execute(
        select(AuditEntry).where(where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).scalars())
    return AuditPage(entries, total, page, pages, _actor_names(entries))


def known_actions() -> list[str]:
    """Every action the filter offers: the labelled ones and any others already written."""
    return sorted(set(ACTION_LABELS) | set(db.session.execute(select(AuditEntry.action).distinct()).scalars()))
