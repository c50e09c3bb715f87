"""Notices (通知公告), association and admin staff: write, attach PDFs, publish now or at a time,
withdraw before it goes out, and follow the delivery. Every rule is in `server.notices`."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from flask import flash, redirect, render_template, request, url_for

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.applications.models import ApplicationState
from server.batches.models import Batch
from server.batches.services import all_batches
from server.clock import BEIJING
from server.errors import DomainError, InvalidInput, NotFound
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.handlers.documents import send_document
from server.notices import attachments, services
from server.notices.delivery import delivery_counts
from server.notices.models import Notice
from server.notices.services import NoticeInput
from server.reference.options import bundled_options

MANAGERS = (StaffRole.admin, StaffRole.association)
T = TypeVar("T")


def _actor() -> Actor:
    return Actor.staff(current_staff())


def _input(form) -> NoticeInput:
    batch = form.get("batch_id", "")
    return NoticeInput(form.get("title", ""), form.get("body", ""), int(batch) if batch.isdigit() else None,
                       tuple(form.getlist("states")), tuple(form.getlist("prefectures")))


def _publish_at(form) -> datetime:
    try:
        return datetime.strptime(form.get("publish_at", ""), "%Y-%m-%dT%H:%M").replace(tzinfo=BEIJING)
    except ValueError:
        raise InvalidInput.field("publish_at", "请填写定时发布时间（北京时间）") from None


def _notice(notice_id: int) -> Notice:
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("通知不存在")
    return notice


def _render_form(notice: Notice | None, error: DomainError | None = None):
    if error is not None:
        form = {"title": request.form.get("title", ""), "body": request.form.get("body", ""),
                "batch_id": request.form.get("batch_id", ""), "states": request.form.getlist("states"),
                "prefectures": request.form.getlist("prefectures")}
    elif notice is not None:
        form = {"title": notice.title, "body": notice.body, "batch_id": str(notice.batch_id),
                "states": notice.audience_states, "prefectures": notice.audience_prefectures}
    else:
        form = {"title": "", "body": "", "batch_id": "", "states": [ApplicationState.paid.value], "prefectures": []}
    return render_template("console/notice_form.html", notice=notice, form=form, error=error,
                           batches=all_batches(), states=list(ApplicationState),
                           prefectures=bundled_options().prefectures), (error.status if error else 200)


def _render_notice(notice: Notice, error: DomainError | None = None):
    audience = services.audience_of(notice)
    editable = services.may_change(notice, "edit")
    return render_template(
        "console/notice.html", notice=notice, error=error, audience=audience.describe(),
        batch=db.session.get(Batch, notice.batch_id),
        attachments=attachments.attachments_of(notice.id), editable=editable,
        may=lambda action: services.may_change(notice, action),
        audience_size=services.audience_size(audience) if editable else None,
        counts=delivery_counts(notice) if notice.published_at else None,
        max_attachments=attachments.MAX_ATTACHMENTS), (error.status if error else 200)


def _back(notice_id: int):
    return redirect(url_for("console.notice", notice_id=notice_id))


@bp.get("/notices")
@staff_required(*MANAGERS)
def notices():
    batch_names = {batch.id: batch.name for batch in all_batches()}
    return render_template("console/notices.html", notices=services.all_notices(), batch_names=batch_names,
                           describe=lambda notice: services.audience_of(notice).describe())


@bp.route("/notices/new", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def new_notice():
    if request.method == "GET":
        return _render_form(None)
    try:
        notice = services.create_notice(_input(request.form), _actor())
    except DomainError as error:
        return _render_form(None, error)
    flash("通知已保存为草稿：可添加 PDF 附件，然后立即发布或定时发布")
    return _back(notice.id)


@bp.get("/notices/<int:notice_id>")
@staff_required(*MANAGERS)
def notice(notice_id: int):
    return _render_notice(_notice(notice_id))


@bp.route("/notices/<int:notice_id>/edit", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def edit_notice(notice_id: int):
    notice = _notice(notice_id)
    if request.method == "GET":
        return _render_form(notice)
    try:
        services.update_notice(notice_id, _input(request.form), _actor())
    except DomainError as error:
        return _render_form(notice, error)
    flash("通知已修改")
    return _back(notice_id)


def _act(notice_id: int, change: Callable[[], T], done: str | Callable[[T], str]):
    """Run one change of the notice; a refusal is shown on the notice's page."""
    try:
        result = change()
    except DomainError as error:
        return _render_notice(_notice(notice_id), error)
    flash(done(result) if callable(done) else done)
    return _back(notice_id)


@bp.post("/notices/<int:notice_id>/publish")
@staff_required(*MANAGERS)
def publish_notice(notice_id: int):
    return _act(notice_id, lambda: services.publish_now(notice_id, _actor()),
                lambda published: f"已发布给{published.recipient_count}位申报人，消息正在发送，送达情况见下方")


@bp.post("/notices/<int:notice_id>/schedule")
@staff_required(*MANAGERS)
def schedule_notice(notice_id: int):
    return _act(notice_id, lambda: services.schedule(notice_id, _publish_at(request.form), _actor()),
                "已设置定时发布，到时将自动发布")


@bp.post("/notices/<int:notice_id>/unschedule")
@staff_required(*MANAGERS)
def unschedule_notice(notice_id: int):
    return _act(notice_id, lambda: services.unschedule(notice_id, _actor()), "已取消定时发布，通知回到草稿")


@bp.post("/notices/<int:notice_id>/withdraw")
@staff_required(*MANAGERS)
def withdraw_notice(notice_id: int):
    return _act(notice_id, lambda: services.withdraw(notice_id, _actor()), "通知已撤回，不会发送")


@bp.post("/notices/<int:notice_id>/attachments")
@staff_required(*MANAGERS)
def add_notice_attachment(notice_id: int):
    upload = request.files.get("file")
    data, name = (upload.read(), upload.filename) if upload else (b"", None)
    return _act(notice_id, lambda: attachments.add_attachment(notice_id, name, data, _actor()), "附件已添加")


@bp.post("/notices/<int:notice_id>/attachments/<int:attachment_id>/remove")
@staff_required(*MANAGERS)
def remove_notice_attachment(notice_id: int, attachment_id: int):
    return _act(notice_id, lambda: attachments.remove_attachment(notice_id, attachment_id, _actor()), "附件已删除")


@bp.get("/notices/<int:notice_id>/attachments/<int:attachment_id>")
@staff_required(*MANAGERS)
def notice_attachment(notice_id: int, attachment_id: int):
    opened = attachments.open_attachment(notice_id, attachment_id)
    return send_document(opened.data, opened.download_name, f"notice-{notice_id}-{attachment_id}.pdf", inline=True)
