"""One application in the console: every field of its current submission, its files inline, its
history, what changed since the last rejection; approve or reject against the snapshot shown.

Every staff view of the page and of a file writes an audit row (personal data)."""
from __future__ import annotations

import io
import re

from flask import flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from server.accounts.models import StaffMember, StaffRole
from server.applications.models import Application, ApplicationSnapshot, ApplicationState
from server.audit.services import Actor, record
from server.errors import DomainError, InvalidInput
from server.extensions import db
from server.files.services import open_for_viewer
from server.handlers.console import bp
from server.handlers.console.review_fields import Formatter, display_value, file_ids_of, sections
from server.handlers.console.session import current_staff, staff_required
from server.reference.options import bundled_options
from server.review.fields import SIGNED_SHEET_PATH, field_label

MARK_PREFIX = "mark:"
NOTE_PREFIX = "note:"
PATH = re.compile(r"^[a-z_]+(\[\d{1,3}\])?\.[a-z_0-9]+$")


def _services():
    from server.review import services

    return services


def current_snapshot(application_id: int) -> ApplicationSnapshot | None:
    return db.session.execute(
        select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == application_id)
        .order_by(ApplicationSnapshot.sequence.desc()).limit(1)).scalar_one_or_none()


def _staff_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(select(StaffMember.id, StaffMember.display_name).where(StaffMember.id.in_(ids)))
    return {staff_id: name for staff_id, name in rows}


def _render(application: Application, error: DomainError | None = None, form: dict | None = None):
    services = _services()
    staff = current_staff()
    snapshot = current_snapshot(application.id)
    data = snapshot.data if snapshot else {}
    changes = services.changes_since_last_rejection(application)
    formatter = Formatter(file_ids_of(data, (application.signed_sheet_file_id,)) | {
        value for change in changes for value in (change.before, change.after)
        if str(change.field).endswith("file_id") and isinstance(value, int)})
    history = services.history(application)
    rejections = [item for item in history if item.kind == "decision" and item.decision == "rejected"]
    reviewer_ids = {getattr(item, "reviewer_id", None) for item in history} - {None}
    record(Actor.staff(staff.id), "application.viewed", "application", application.id,
           snapshot_id=snapshot.id if snapshot else None)
    db.session.commit()
    prefecture = bundled_options().prefecture(application.prefecture_code or "")
    return render_template(
        "console/review_application.html", application=application, snapshot=snapshot,
        sections=sections(data, formatter) if data else [], formatter=formatter,
        signed_sheet=formatter.files.get(application.signed_sheet_file_id or 0),
        changes=changes, changed_paths={str(c.field) for c in changes}, display_value=display_value,
        history=history, staff_names=_staff_names(reviewer_ids), field_label=field_label,
        prefecture=prefecture, error=error, form=form or {}, pending=ApplicationState.pending_review,
        last_marks=rejections[-1].field_marks if rejections else {},
        can_decide=staff.role is StaffRole.reviewer, signed_sheet_path=SIGNED_SHEET_PATH,
        can_mark=(staff.role is StaffRole.reviewer and snapshot is not None
                  and application.state is ApplicationState.pending_review),
                mark_prefix=MARK_PREFIX, note_prefix=NOTE_PREFIX), (error.status if error else 200)


@bp.get("/review/<int:application_id>")
@staff_required()
def review_application(application_id: int):
    application = _services().visible_application(application_id, current_staff())
    return _render(application)


def _expected_snapshot_id() -> int:
    raw = request.form.get("expected_snapshot_id", "")
    if not raw.isdigit():
        raise InvalidInput.field("expected_snapshot_id", "页面已过期，请刷新页面后重新审核")
    return int(raw)


def _field_marks() -> dict[str, str]:
    """Checked fields (`mark:basic.photo_file_id`) with their notes (`note:basic.photo_file_id`)."""
    marks: dict[str, str] = {}
    for key in request.form:
        if key.startswith(MARK_PREFIX) and PATH.match(path := key[len(MARK_PREFIX):]):
            marks[path] = request.form.get(NOTE_PREFIX + path, "").strip()
    return marks


def _decide(application_id: int, decide, done: str):
    services = _services()
    staff = current_staff()
    application = services.visible_application(application_id, staff)
    try:
        decide(services, staff)
    except DomainError as error:
        db.session.rollback()
        application = services.visible_application(application_id, staff)
        return _render(application, error, request.form.to_dict())
    flash(done)
    return redirect(url_for("console.review_application", application_id=application.id))


@bp.post("/review/<int:application_id>/approve")
@staff_required()
def approve_application(application_id: int):
    def decide(services, staff):
        services.approve(application_id, staff, _expected_snapshot_id())

    return _decide(application_id, decide, "已审核通过")


@bp.post("/review/<int:application_id>/reject")
@staff_required()
def reject_application(application_id: int):
    def decide(services, staff):
        services.reject(application_id, staff, request.form.get("reasons", "").strip(), _field_marks(),
                        _expected_snapshot_id())

    return _decide(application_id, decide, "已驳回，申报人将看到驳回理由和标记的字段")


@bp.get("/files/<int:file_id>")
@staff_required()
def console_file(file_id: int):
    staff = current_staff()
    opened = open_for_viewer(file_id, staff)
    record(Actor.staff(staff.id), "file.viewed", "stored_file", file_id, kind=opened.file.kind.value,
           owner_account_id=opened.file.owner_account_id)
    db.session.commit()
    response = send_file(io.BytesIO(opened.data), mimetype=opened.file.content_type, as_attachment=False,
                         download_name=opened.download_name, etag=False, conditional=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
