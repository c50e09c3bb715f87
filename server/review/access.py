"""Who sees which application and its files, and who decides.

- A reviewer (地州市住房城乡建设主管部门) sees the applications of their own prefecture; any other
  application answers exactly as a missing one does ("申请不存在"), so ids reveal nothing.
- Association and admin staff see every application, read-only: decisions are the prefecture
  authority's alone (the seed: 提交至本地住房城乡建设主管部门进行资格审核). An admin's lever is the
  batch's review deadline, not a decision in a reviewer's name.
- Staff never see a draft that was never submitted: it has not been sent to anyone yet.
"""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.models import StaffMember, StaffRole
from server.applications.form import FILE_SLOTS
from server.applications.models import Application, ApplicationSnapshot
from server.errors import Forbidden, NotFound
from server.extensions import db
from server.files.models import StoredFile
from server.review.models import ReviewDecision

NOT_FOUND = "申请不存在"
ONLY_REVIEWERS = "只有申请人所在地州市的审核员可以作出审核决定"


def sees(staff: StaffMember, application: Application) -> bool:
    if not staff.active or application.submitted_at is None:
        return False
    if staff.role is StaffRole.reviewer:
        return bool(staff.prefecture_code) and application.prefecture_code == staff.prefecture_code
    return staff.role in (StaffRole.association, StaffRole.admin)


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


def _snapshot_file_ids(data: dict) -> set[int]:
    ids = {value for section in data.values() if isinstance(section, dict)
           for name, value in section.items() if name.endswith("file_id") and isinstance(value, int)}
    return ids | {item.get("proof_file_id") for item in data.get("certificates") or []
                  if isinstance(item.get("proof_file_id"), int)}


def referenced_file_ids(application: Application) -> set[int]:
    """Every file the application refers to now or referred to in a submission: its slots, its
    certificates' proofs, the signed sheet, and those of its snapshots and decisions."""
    ids = {getattr(application, column) for column in FILE_SLOTS}
    ids.add(application.signed_sheet_file_id)
    ids |= {certificate.proof_file_id for certificate in application.certificates}
    for data in db.session.execute(select(ApplicationSnapshot.data).where(
            ApplicationSnapshot.application_id == application.id)).scalars():
        ids |= _snapshot_file_ids(data or {})
    ids |= set(db.session.execute(select(ReviewDecision.signed_sheet_file_id).where(
        ReviewDecision.application_id == application.id)).scalars())
    return ids - {None}


def staff_may_read(file: StoredFile, staff: StaffMember) -> bool:
    """Staff read the files of the submitted applications they see: association and admin staff
    all of them, a reviewer those of their prefecture. Drafts and unclaimed uploads stay private."""
    if not staff.active:
        return False
    query = select(Application).where(Application.account_id == file.owner_account_id,
                                      Application.submitted_at.is_not(None))
    if staff.role is StaffRole.reviewer and staff.prefecture_code:
        query = query.where(Application.prefecture_code == staff.prefecture_code)
    elif staff.role not in (StaffRole.association, StaffRole.admin):
        return False
    applications = db.session.execute(query).scalars()
    return any(file.id in referenced_file_ids(application) for application in applications)
