"""Who sees which application and its files, and who decides.

- A reviewer (地州市住房城乡建设主管部门) sees the applications of their own prefecture; any other
  application answers exactly as a missing one does ("申请不存在"), so ids reveal nothing.
- Association and admin staff see every application, read-only: decisions are the prefecture
  authority's alone (the seed: 提交至本地住房城乡建设主管部门进行资格审核). An admin's lever is the
  batch's review deadline, not a decision in a reviewer's name.
- Staff never see a draft that was never submitted: it has not been sent to anyone yet.
- Files (`file_access`): what a submission sent goes to the reviewers of the prefecture it was sent
  to, directly. Admins read an applicant's file only with a reason, which is audited
  (`file.read_with_reason`); association staff never read the applicants' identity and
  qualification files: their documents are the fee's (receipts, invoices), in the payments pages.
"""
from __future__ import annotations

import enum

from sqlalchemy import select

from server.accounts.actors import Scope
from server.accounts.models import StaffMember, StaffRole
from server.applications.models import Application, ApplicationSnapshot
from server.applications.slots import snapshot_file_ids
from server.errors import Forbidden, NotFound
from server.extensions import db
from server.files.models import StoredFile
from server.review.models import ReviewDecision

NOT_FOUND = "申请不存在"
ONLY_REVIEWERS = "只有申请人所在地州市的审核员可以作出审核决定"


def sees(staff: StaffMember, application: Application) -> bool:
    """Submitted applications in the staff member's scope, by the prefecture they were sent to."""
    return application.submitted_at is not None and Scope.of(staff).covers(application.review_prefecture_code)


def visible_application(application_id: int, staff: StaffMember) -> Application:
    """The application if `staff` may see it; otherwise NotFound, the same as a missing one."""
    application = db.session.get(Application, application_id)
    if application is None or not sees(staff, application):
        raise NotFound(NOT_FOUND)
    return application


def require_decider(staff: StaffMember) -> None:
    """Only an active reviewer decides; the prefecture is checked against each application."""
    if not staff.active or staff.role is not StaffRole.reviewer or not staff.prefecture_code:
        raise Forbidden(ONLY_REVIEWERS)


def referenced_file_ids(application: Application) -> set[int]:
    """Every file the application's submissions referred to: the slots and certificates' proofs of
    its snapshots, the signed sheets of its decisions, and the signed sheet of the submission under
    way (withdrawing empties it). A draft's later uploads are not there: staff see what was sent."""
    ids = {application.signed_sheet_file_id}
    for data in db.session.execute(select(ApplicationSnapshot.data).where(
            ApplicationSnapshot.application_id == application.id)).scalars():
        ids |= snapshot_file_ids(data or {})
    ids |= set(db.session.execute(select(ReviewDecision.signed_sheet_file_id).where(
        ReviewDecision.application_id == application.id)).scalars())
    return ids - {None}


class FileAccess(enum.Enum):
    direct = "direct"  # served at once (a reviewer of the prefecture the submission was sent to)
    with_reason = "with_reason"  # served after the admin gives a reason, which is audited
    none = "none"  # answers as a missing file


def role_file_access(staff: StaffMember) -> FileAccess:
    """How the staff member's role reads the files of the applications in their scope."""
    return {StaffRole.reviewer: FileAccess.direct, StaffRole.admin: FileAccess.with_reason}.get(
        staff.role, FileAccess.none)


def file_access(file: StoredFile, staff: StaffMember) -> FileAccess:
    """How `staff` may read an applicant's uploaded file (see the module's docstring)."""
    access = role_file_access(staff)
    if access is FileAccess.none or not _sent_in_scope(file, staff):
        return FileAccess.none
    return access


def staff_may_read(file: StoredFile, staff: StaffMember) -> bool:
    """Served at once, without a reason: the reviewers of the prefecture the file was sent to."""
    return file_access(file, staff) is FileAccess.direct


def _sent_in_scope(file: StoredFile, staff: StaffMember) -> bool:
    """The file belongs to a submission of an application in the staff member's scope. Drafts and
    unclaimed uploads stay private."""
    query = select(Application).where(Application.account_id == file.owner_account_id,
                                      Application.submitted_at.is_not(None),
                                      Scope.of(staff).where(Application.review_prefecture_code))
    applications = db.session.execute(query).scalars()
    return any(file.id in referenced_file_ids(application) for application in applications)
