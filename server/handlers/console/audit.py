"""The audit log (审计日志), admin only: who did what to whom, filtered and paginated."""
from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

from flask import render_template, request

from server.accounts.models import StaffRole
from server.audit.log import (
    ACTOR_LABELS,
    PER_PAGE,
    SUBJECT_LABELS,
    AuditFilter,
    action_label,
    audit_page,
    known_actions,
    staff_id_of,
)
from server.handlers.console import bp
from server.handlers.console.review_filters import FIRST_DAY, LAST_DAY, day_range_message
from server.handlers.console.session import staff_required

FILTER_KEYS = ("action", "actor", "subject", "from", "to")


def _parse(args) -> tuple[AuditFilter, dict[str, str], dict[str, str]]:
    values = {key: (args.get(key) or "").strip() for key in FILTER_KEYS}
    problems: dict[str, str] = {}
    actor_id = None
    if values["actor"]:
        actor_id = staff_id_of(values["actor"])
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


def detail_text(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)[:300] if detail else ""


@bp.get("/audit")
@staff_required(StaffRole.admin)
def audit_log():
    query, values, problems = _parse(request.args)
    number = int(request.args["page"]) if request.args.get("page", "").isdigit() else 1
    found = audit_page(query, number)

    def link(**changes: object) -> str:
        merged = {**values, **{k: str(v) for k, v in changes.items()}}
        return urlencode({k: v for k, v in merged.items() if v})

    return render_template("console/audit.html", entries=found.entries, total=found.total, page=found.page,
                           pages=found.pages, values=values, problems=problems, actions=known_actions(),
                           action_label=action_label, actor_names=found.actor_names, actor_labels=ACTOR_LABELS,
                           subject_labels=SUBJECT_LABELS, detail_text=detail_text, link=link,
                           per_page=PER_PAGE)
