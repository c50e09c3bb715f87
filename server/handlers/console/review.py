"""The review queue (资格审核): list with filters, bulk approve, Excel export.

Every reviewer sees their own prefecture only; association and admin staff see all with a
prefecture filter. Decisions go through `server.review.services`, which owns every review rule.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import flash, redirect, render_template, request, url_for

from server.accounts.actors import Actor, Scope
from server.applications import lifecycle
from server.applications.models import ApplicationState
from server.clock import format_beijing, now
from server.errors import DomainError
from server.handlers.console import bp
from server.handlers.console.review_filters import ALL_STATES, FILTER_KEYS, batch_choices, parse_filter
from server.handlers.console.session import current_staff, staff_required
from server.handlers.documents import send_document
from server.handlers.redirects import safe_redirect_target
from server.reference.options import bundled_options
from server.review import export, queue, services


def _bulk_message(approved: object, skipped: dict[int, str], names: dict[int, str]) -> list[str]:
    count = approved if isinstance(approved, int) else len(approved)  # type: ignore[arg-type]
    lines = [f"批量通过：已通过{count}份申请" + (f"，{len(skipped)}份未处理：" if skipped else "。")]
    for application_id, reason in skipped.items():
        lines.append(f"申请{application_id}（{names.get(application_id) or '未填写姓名'}）：{reason}")
    return lines


def _selected(values: list[str]) -> dict[int, int]:
    """Checkbox values `application id:snapshot id` → {application id: the submission listed}."""
    selected: dict[int, int] = {}
    for value in values:
        application_id, _, snapshot_id = value.partition(":")
        if application_id.isdigit() and snapshot_id.isdigit():
            selected[int(application_id)] = int(snapshot_id)
    return selected


@bp.get("/review")
@staff_required()
def review_queue():
    staff = current_staff()
    parsed = parse_filter(request.args, staff)
    page = queue.review_queue(parsed.query)
    return render_template("console/review_queue.html", page=page, parsed=parsed,
                           states=list(ApplicationState), all_states=ALL_STATES,
                           prefectures=bundled_options().prefectures, batches=batch_choices(),
                           can_bulk=Actor.staff(staff).role in lifecycle.ACTIONS["approve"].roles,
                           approvable=lifecycle.states_allowing("approve"))


@bp.post("/review/bulk-approve")
@staff_required()
def review_bulk_approve():
    staff = current_staff()
    expected = _selected(request.form.getlist("application_id"))
    ids = list(expected)
    # The queue page the form came from, its filter re-encoded: never the posted text itself.
    back_query = urlencode([(key, value) for key, value in parse_qsl(request.form.get("back", ""))
                            if key in (*FILTER_KEYS, "page")])
    queue_page = url_for("console.review_queue")
    back = safe_redirect_target(queue_page + ("?" + back_query if back_query else ""), queue_page, queue_page)
    if not ids:
        flash("请先勾选要通过的申请")
        return redirect(back)
    names = queue.names_of(ids, Scope.of(staff))
    try:
        result = services.bulk_approve(ids, staff, expected)
    except DomainError as error:
        flash(error.message)
        return redirect(back)
    for line in _bulk_message(result.approved, dict(result.skipped), names):
        flash(line)
    return redirect(back)


@bp.get("/review/export.xlsx")
@staff_required()
def review_export():
    staff = current_staff()
    parsed = parse_filter(request.args, staff)
    data = export.export_queue(parsed.query, staff, {k: v for k, v in parsed.values.items() if v})
    stamp = format_beijing(now(), "%Y%m%d%H%M")
    return send_document(data, f"资格审核名单_{stamp}.xlsx", f"review_{stamp}.xlsx")
