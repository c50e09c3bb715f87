"""Submitting for review and withdrawing (撤回), at the service level: what changes, what stays,
and the audit trail."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from server.accounts.actors import Actor
from server.applications import lifecycle, submission
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.batches.models import Batch
from server.clock import BEIJING
from server.errors import Conflict, InvalidInput
from server.extensions import db
from server.review import services as review
from tests.fixtures.staff import staff_member


def application_batch(application: Application) -> Batch:
    return db.session.get(Batch, application.batch_id)


def test_submitting_for_review_keeps_the_sheet_and_the_moment_and_audits_it(app, build, clock):
    application_id = build.submitted()
    clock.shift(600)
    with app.app_context():
        owner = build.owner(application_id)
        sheet = build.file(owner.id, "signed_review_sheet")
        application = submission.submit_for_review(owner, sheet)
        assert application.state is ApplicationState.pending_review
        assert application.signed_sheet_file_id == sheet
        assert application.review_submitted_at == datetime(2026, 11, 25, 12, 10, tzinfo=BEIJING)
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "application.submitted_for_review")).scalar_one()
        assert (entry.actor_kind, entry.actor_id) == ("applicant", owner.id)
        assert entry.detail["signed_sheet_file_id"] == sheet and entry.detail["previous"] == "info_submitted"


@pytest.mark.parametrize("stage", ["info_submitted", "pending_review", "rejected"])
def test_withdrawing_goes_back_to_draft_and_keeps_the_person_applying(app, build, reviewer, stage):
    application_id = build.submitted() if stage == "info_submitted" else build.pending()
    with app.app_context():
        if stage == "rejected":
            review.reject(application_id, staff_member(reviewer), "学历证明不完整", {}, None)
        application = submission.withdraw(build.owner(application_id))
        assert application.state is ApplicationState.draft
        assert application.signed_sheet_file_id is None and application.review_submitted_at is None
        assert application.submitted_id_hash == application.id_number_hash  # still holds the ID number
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "application.withdrawn")).scalar_one()
        assert (entry.detail["previous"], entry.detail["state"]) == (stage, "draft")


def test_a_withdrawn_application_is_no_longer_reviewable(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        submission.withdraw(build.owner(application_id))
        with pytest.raises(Conflict) as refused:
            review.approve(application_id, staff_member(reviewer), None)
        assert refused.value.message == "该申请当前为“资料填写”，不在待审核状态；申请人可能已撤回，请刷新后查看"


def test_an_approved_application_cannot_be_withdrawn(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        review.approve(application_id, staff_member(reviewer), None)
        with pytest.raises(Conflict) as refused:
            submission.withdraw(build.owner(application_id))
        assert refused.value.message == "申请已审核通过，不能撤回"
        assert db.session.get(Application, application_id).state is ApplicationState.approved


def test_after_the_registration_deadline_a_withdrawal_is_refused_because_no_resubmit_could_follow(
        app, build, reviewer, clock):
    application_id = build.pending()
    with app.app_context():
        review.reject(application_id, staff_member(reviewer), "请补充材料", {}, None)
    clock.move_to(datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING))
    with app.app_context():
        application = db.session.get(Application, application_id)
        [withdraw] = [v for v in lifecycle.allowed_actions(application, Actor.applicant(application.account_id),
                                                           application_batch(application)) if v.action == "withdraw"]
        assert withdraw.allowed is False and withdraw.reason.startswith("报名已截止（2026-12-02 18:30）")
        with pytest.raises(Conflict) as refused:
            submission.withdraw(build.owner(application_id))
        assert refused.value.message.startswith("报名已截止（2026-12-02 18:30），撤回后将无法重新提交，因此不能撤回")
        assert db.session.get(Application, application_id).state is ApplicationState.rejected


def test_a_refused_submit_for_review_changes_nothing(app, build):
    application_id = build.submitted()
    with app.app_context():
        owner = build.owner(application_id)
        letter = build.file(owner.id, "commitment_letter")
        with pytest.raises(InvalidInput) as refused:
            submission.submit_for_review(owner, letter)
        assert refused.value.fields == {"signed_sheet_file_id": "此处须上传签字盖章的申请和资格审查表，所选文件是诚信承诺书"}
        application = db.session.get(Application, application_id)
        assert application.state is ApplicationState.info_submitted and application.signed_sheet_file_id is None
        assert db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "application.pending_review")).first() is None
