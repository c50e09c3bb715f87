"""Batch settings pages (admin and association staff)."""
from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.batches import services
from server.batches.models import Batch
from server.batches.services import BatchSettings
from server.clock import BEIJING
from server.errors import DomainError, InvalidInput, NotFound
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.reference.options import bundled_options

BATCH_MANAGERS = (StaffRole.admin, StaffRole.association)
WINDOW_FIELDS = {
    "registration_opens_at": "报名开始时间", "registration_closes_at": "报名截止时间",
    "review_closes_at": "资格审核截止时间", "payment_opens_at": "缴费开始时间",
    "payment_closes_at": "缴费截止时间",
}
NUMBER_FIELDS = {
    "fee_yuan": "培训费（元）", "payment_delay_days": "审核通过后几日可缴费",
    "min_practice_years": "最低从业年限", "max_age": "年龄上限（报名截止日）",
}


def _form_to_settings(form) -> BatchSettings:
    """Read the form; datetime inputs are Beijing wall-clock time."""
    problems: dict[str, str] = {}
    values: dict[str, object] = {"name": form.get("name", "").strip()}
    for name, label in WINDOW_FIELDS.items():
        try:
            values[name] = datetime.strptime(form.get(name, ""), "%Y-%m-%dT%H:%M").replace(tzinfo=BEIJING)
        except ValueError:
            problems[name] = f"请填写{label}"
    for name, label in NUMBER_FIELDS.items():
        try:
            values[name] = int(form.get(name, ""))
        except ValueError:
            problems[name] = f"{label}须为整数"
    values["allowed_title_levels"] = tuple(level for level in bundled_options().title_levels
                                           if level in form.getlist("allowed_title_levels"))
    if problems:
        raise InvalidInput(f"有{len(problems)}项设置有误，请检查", problems)
    return BatchSettings(**values)  # type: ignore[arg-type]


def _render_form(batch: Batch | None, settings: BatchSettings | None, error: DomainError | None = None):
    status = error.status if error else 200
    return render_template("console/batch_form.html", batch=batch, settings=settings,
                           form=request.form if error else None, error=error,
                           window_fields=WINDOW_FIELDS, number_fields=NUMBER_FIELDS,
                           title_levels=bundled_options().title_levels), status


@bp.get("/batches")
@staff_required(*BATCH_MANAGERS)
def batches():
    return render_template("console/batches.html", batches=services.all_batches(),
                           phase=services.phase, phase_labels=services.PHASE_LABELS)


@bp.route("/batches/new", methods=["GET", "POST"])
@staff_required(*BATCH_MANAGERS)
def new_batch():
    if request.method == "GET":
        return _render_form(None, None)
    try:
        batch = services.create_batch(_form_to_settings(request.form), Actor.staff(current_staff()))
    except DomainError as error:
        return _render_form(None, None, error)
    flash(f"已创建批次「{batch.name}」")
    return redirect(url_for("console.batches"))


@bp.route("/batches/<int:batch_id>", methods=["GET", "POST"])
@staff_required(*BATCH_MANAGERS)
def edit_batch(batch_id: int):
    batch = db.session.get(Batch, batch_id)
    if batch is None:
        raise NotFound("批次不存在")
    if request.method == "GET":
        return _render_form(batch, services.settings_of(batch))
    try:
        services.update_batch(batch_id, _form_to_settings(request.form), Actor.staff(current_staff()))
    except DomainError as error:
        return _render_form(batch, services.settings_of(batch), error)
    flash("批次设置已保存")
    return redirect(url_for("console.batches"))
