"""One application as a staff member opens it in the console: its current submission, history,
changes since the last rejection, and what the viewer may do; the opening itself is audited (it
shows personal data)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.applications.models import Application, ApplicationSnapshot
from server.applications.snapshot import latest_snapshot
from server.audit.services import record
from server.batches.models import Batch
from server.errors import InvalidInput, NotFound
from server.extensions import db
from server.files.models import StoredFile
from server.files.services import FILE_NOT_FOUND, OpenedFile, open_if
from server.reference.options import Prefecture, bundled_options
from server.review.access import FileAccess, file_access, role_file_access, staff_may_read, visible_application
from server.review.changes import FieldChange, changes_since_last_rejection
from server.review.history import REJECTED, HistoryEntry, history
from server.transactions import atomic


@dataclass(frozen=True)
class ReviewPage:
    application: Application
    snapshot: ApplicationSnapshot | None
    changes: list[FieldChange]
    history: list[HistoryEntry]
    staff_names: dict[int, str]
    last_marks: dict[str, str]
    prefecture: Prefecture | None
    decisions: list[lifecycle.ActionView] = field(default_factory=list)
    file_access: FileAccess = FileAccess.none  # how the viewer reads the files shown

    @property
    def data(self) -> dict[str, Any]:
        return self.snapshot.data if self.snapshot else {}

    @property
    def may_decide(self) -> bool:
        """The viewer is a reviewer who may approve or reject this submission now."""
        return any(view.allowed for view in self.decisions)

    @property
    def awaits_decision(self) -> bool:
        return self.snapshot is not None and self.application.state in lifecycle.states_allowing("approve")


def _staff_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(select(StaffMember.id, StaffMember.display_name).where(StaffMember.id.in_(ids)))
    return dict(rows.all())


@atomic
def open_review_page(application_id: int, staff: StaffMember) -> ReviewPage:
    """The page's content, if `staff` sees the application (else NotFound); writes the view's audit row."""
    application = visible_application(application_id, staff)
    snapshot = latest_snapshot(application.id)
    entries = history(application)
    rejections = [e for e in entries if e.kind == "decision" and e.decision == REJECTED]
    actor = Actor.staff(staff)
    record(actor, "application.viewed", "application", application.id, snapshot_id=snapshot.id if snapshot else None)
    batch = db.session.get(Batch, application.batch_id)
    return ReviewPage(
        application=application, snapshot=snapshot, changes=changes_since_last_rejection(application),
        history=entries, staff_names=_staff_names({e.reviewer_id for e in entries} - {None}),
        last_marks=rejections[-1].field_marks if rejections else {},
        prefecture=bundled_options().prefecture(application.review_prefecture_code or ""),
        decisions=lifecycle.allowed_actions(application, actor, batch), file_access=role_file_access(staff))


REASON_MIN, REASON_MAX = 4, 200
REASON_PROBLEM = f"请填写查看理由（{REASON_MIN}至{REASON_MAX}个字）"


def file_access_of(file_id: int, staff: StaffMember) -> FileAccess:
    """How the staff member may read the file: at once, with a reason, or not at all."""
    file = db.session.get(StoredFile, file_id)
    return FileAccess.none if file is None else file_access(file, staff)


def file_needing_reason(file_id: int, staff: StaffMember) -> StoredFile:
    """The file an admin asks to read (the reason form names it); NotFound like a missing file."""
    file = db.session.get(StoredFile, file_id)
    if file is None or file_access(file, staff) is not FileAccess.with_reason:
        raise NotFound(FILE_NOT_FOUND)
    return file


@atomic
def open_file_for_staff(file_id: int, staff: StaffMember) -> OpenedFile:
    """A file a reviewer reads directly (see `access.file_access`); the reading is audited."""
    opened = open_if(file_id, lambda file: staff_may_read(file, staff))
    record(Actor.staff(staff), "file.viewed", "stored_file", file_id, kind=opened.file.kind.value,
           owner_account_id=opened.file.owner_account_id)
    return opened


@atomic
def open_file_with_reason(file_id: int, staff: StaffMember, reason: str) -> OpenedFile:
    """An admin reads an applicant's file after saying why; the reason and the file go to the
    audit log in the same transaction, before any byte is served."""
    reason = (reason or "").strip()
    file_needing_reason(file_id, staff)
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise InvalidInput.field("reason", REASON_PROBLEM)
    opened = open_if(file_id, lambda file: file_access(file, staff) is FileAccess.with_reason)
    record(Actor.staff(staff), "file.read_with_reason", "stored_file", file_id, reason=reason, file_id=file_id,
           kind=opened.file.kind.value, owner_account_id=opened.file.owner_account_id)
    return opened
