"""The applicant's side of the review: submit the signed sheet for review (提交审核), withdraw (撤回).

Each call locks the applicant's application row, checks, changes, writes the audit row through
`workflow.move`, and commits — or changes nothing.
"""
from __future__ import annotations

from server.accounts.models import Account
from server.applications import workflow
from server.applications.models import Application, ApplicationState as S
from server.applications.services import current_application_for
from server.audit.services import Actor
from server.batches.models import Batch
from server.clock import format_beijing, now
from server.errors import Conflict, InvalidInput
from server.extensions import db
from server.files import services as files
from server.files.models import FileKind
from server.review.history import latest_snapshot
from server.review.transactions import atomic

SHEET_FIELD = "signed_sheet_file_id"
WITHDRAWABLE = frozenset({S.info_submitted, S.pending_review, S.rejected})
DECIDED_FOR_GOOD = frozenset({S.approved, S.paid, S.admitted, S.failed})

NOT_SUBMITTED = "请先提交资料，生成申请和资格审查表后再提交审核"
ALREADY_PENDING = "申请已提交审核，请等待审核结果"
REJECTED = "申请已被驳回，请先撤回，按驳回理由修改后重新提交"
ALREADY_APPROVED = "申请已审核通过，无需再次提交审核"
OLD_SHEET = ("该文件上传于本次提交资料之前，不是本次生成的申请和资格审查表；"
             "请下载本次的审查表，签字盖章后扫描上传")
NOTHING_TO_WITHDRAW = "申请尚未提交，无需撤回"
APPROVED_NO_WITHDRAW = "申请已审核通过，不能撤回"


def _batch(application: Application) -> Batch:
    return db.session.get(Batch, application.batch_id)


def _registration_closed(batch: Batch) -> bool:
    return now() >= batch.registration_closes_at


@atomic
def submit_for_review(account: Account, signed_sheet_file_id: int) -> Application:
    """info_submitted → pending_review with the signed, stamped scan of this submission's sheet."""
    application = current_application_for(account, lock=True)
    if application.state is not S.info_submitted:
        raise Conflict({S.draft: NOT_SUBMITTED, S.pending_review: ALREADY_PENDING,
                        S.rejected: REJECTED}.get(application.state, ALREADY_APPROVED))
    batch = _batch(application)
    if _registration_closed(batch):
        raise Conflict(f"报名已截止（{format_beijing(batch.registration_closes_at)}），不能再提交审核")
    snapshot = latest_snapshot(application.id)
    sheet = files.claim(signed_sheet_file_id, account.id, (FileKind.signed_review_sheet,), field=SHEET_FIELD)
    if sheet.created_at < snapshot.taken_at:
        raise InvalidInput.field(SHEET_FIELD, OLD_SHEET)
    application.signed_sheet_file_id = sheet.id
    application.review_submitted_at = now()
    workflow.move(application, S.pending_review, Actor.applicant(account.id),
                  snapshot_id=snapshot.id, signed_sheet_file_id=sheet.id)
    db.session.commit()
    return application


def can_withdraw(application: Application, batch: Batch | None = None) -> bool:
    return (application.state in WITHDRAWABLE
            and not _registration_closed(batch or _batch(application)))


@atomic
def withdraw(account: Account) -> Application:
    """Back to draft (撤回) from info_submitted, pending_review (until a reviewer decides) or
    rejected. The signed sheet goes with the withdrawn submission; the next submit makes a new
    snapshot, and so a new sheet. `submitted_id_hash` stays: the person is still applying."""
    application = current_application_for(account, lock=True)
    if application.state not in WITHDRAWABLE:
        raise Conflict(NOTHING_TO_WITHDRAW if application.state is S.draft else APPROVED_NO_WITHDRAW)
    batch = _batch(application)
    if _registration_closed(batch):
        # Submitting again is refused after the deadline: a withdrawal now would strand the
        # application in draft and take it out of review.
        raise Conflict(f"报名已截止（{format_beijing(batch.registration_closes_at)}），撤回后将无法重新提交，"
                       "因此不能撤回；如有疑问请联系所在地住房城乡建设主管部门")
    snapshot = latest_snapshot(application.id)
    application.signed_sheet_file_id = None
    application.review_submitted_at = None
    workflow.move(application, S.draft, Actor.applicant(account.id), withdrawn=True,
                  snapshot_id=snapshot.id if snapshot else None)
    db.session.commit()
    return application
