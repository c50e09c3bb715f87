"""One application in the console: every field of its current submission, its files inline, its
history, what changed since the last rejection; approve or reject against the snapshot shown.

Every staff view of the page and of a file writes an audit row (personal data)."""
from __future__ import annotations

import re
from types import SimpleNamespace

from flask import flash, redirect, render_template, request, url_for

from server.errors import DomainError, InvalidInput
from server.files.kinds import label as kind_label
from server.handlers.console import bp
from server.handlers.console.review_fields import Formatter, display_value, file_ids_of, sections
from server.handlers.console.session import current_staff, staff_required
from server.handlers.documents import send_stored_file
from server.review import services
from server.review.access import FileAccess
from server.review.fields import SIGNED_SHEET_PATH, field_label
from server.review.page import (
    ReviewPage,
    file_access_of,
    file_needing_reason,
    open_file_for_staff,
    open_file_with_reason,
    open_review_page,
)

MARK_PREFIX = "mark:"
NOTE_PREFIX = "note:"
PATH = re.compile(r"^[a-z_]+(\[\d{1,3}\])?\.[a-z_0-9]+$")


def _render(page: ReviewPage, error: DomainError | None = None, form: dict | None = None):
    application, data = page.application, page.data
    formatter = Formatter(file_ids_of(data, (application.signed_sheet_file_id,)) | {
        value for change in page.changes for value in (change.before, change.after)
        if str(change.field).endswith("file_id") and isinstance(value, int)})
    return render_template(
        "console/review_application.html", page=page, application=application, snapshot=page.snapshot,
        sections=sections(data, formatter, page.file_access is FileAccess.direct) if data else [], formatter=formatter,
        signed_sheet=formatter.files.get(application.signed_sheet_file_id or 0),
        changes=page.changes, changed_paths={str(c.field) for c in page.changes}, display_value=display_value,
        history=page.history, staff_names=page.staff_names, field_label=field_label,
        prefecture=page.prefecture, error=error, form=form or {}, last_marks=page.last_marks,
        signed_sheet_path=SIGNED_SHEET_PATH, mark_prefix=MARK_PREFIX, note_prefix=NOTE_PREFIX), (
        error.status if error else 200)


@bp.get("/review/<int:application_id>")
@staff_required()
def review_application(application_id: int):
    return _render(open_review_page(application_id, current_staff()))


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
    staff = current_staff()
    services.visible_application(application_id, staff)
    try:
        decide(staff)
    except DomainError as error:
        return _render(open_review_page(application_id, staff), error, request.form.to_dict())
    flash(done)
    return redirect(url_for("console.review_application", application_id=application_id))


@bp.post("/review/<int:application_id>/approve")
@staff_required()
def approve_application(application_id: int):
    def decide(staff):
        services.approve(application_id, staff, _expected_snapshot_id())

    return _decide(application_id, decide, "已审核通过")


@bp.post("/review/<int:application_id>/reject")
@staff_required()
def reject_application(application_id: int):
    def decide(staff):
        services.reject(application_id, staff, request.form.get("reasons", "").strip(), _field_marks(),
                        _expected_snapshot_id())

    return _decide(application_id, decide, "已驳回，申报人将看到驳回理由和标记的字段")


@bp.route("/files/<int:file_id>", methods=["GET", "POST"])
@staff_required()
def console_file(file_id: int):
    """A reviewer gets the file; an admin gets a form asking why, and the file once the reason is
    posted (audited); everyone else a 404, as for a missing file."""
    staff = current_staff()
    if file_access_of(file_id, staff) is not FileAccess.with_reason:
        return send_stored_file(open_file_for_staff(file_id, staff))
    file = file_needing_reason(file_id, staff)
    if request.method == "GET":
        return _reason_form(file)
    reason = request.form.get("reason", "")
    try:
        return send_stored_file(open_file_with_reason(file_id, staff, reason))
    except InvalidInput as error:
        return _reason_form(file, error.message, reason, error.status)


def _reason_form(file, error: str | None = None, reason: str = "", status: int = 200):
    return render_template("console/file_reason.html", file=SimpleNamespace(id=file.id, kind_label=kind_label(file.kind)),
                           error=error, reason=reason), status
