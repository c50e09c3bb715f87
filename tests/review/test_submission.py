"""Submitting for review and withdrawing (撤回), at the service level: what changes, what stays,
and the audit trail."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.clock import BEIJING
from server.errors import Conflict
from server.extensions import db
from server.review import services as review
from tests.review.builders import staff


def test_submitting_for_review_keeps_the_sheet_and_the_moment_and_audits_it(app, build, clock):
    application_id = build.submitted()
    clock.shift(600)
    with app.app_context():
        owner = build.owner(application_id)
        sheet = build.file(owner.id, "signed_review_sheet")
        application = review.submit_for_review(owner, sheet)
        assert application.state is ApplicationState.pending_review
        assert application.signed_sheet_file_id == sheet
        assert application.review_submitted_at == datetime(2026, 11, 25, 12, 10, tzinfo=BEIJING)
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "application.pending_review")).scalar_one()
        assert (entry.actor_kind, entry.actor_id) == ("applicant", owner.id)
        assert entry.detail["signed_sheet_file_id"] == sheet and entry.detail["previous"] == "info_submitted"


@pytest.mark.parametrize("stage", ["info_submitted", "pending_review", "rejected"])
def test_withdrawing_goes_back_to_draft_and_keeps_the_person_applying(app, build, reviewer, stage):
    application_id = build.submitted() if stage == "info_submitted" else build.pending()
    with app.app_context():
        if stage == "rejected":
            review.reject(application_id, staff(reviewer), "学历证明不完整", {}, None)
        application = review.withdraw(build.owner(application_id))
        assert (application.state, application.editable) == (ApplicationState.draft, True)
        assert application.signed_sheet_file_id is None and application.review_submitted_at is None
        assert application.submitted_id_hash == application.id_number_hash  # still holds the ID number
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "application.draft")).scalar_one()
        assert entry.detail["previous"] == stage and entry.detail["withdrawn"] is True


def test_a_withdrawn_application_is_no_longer_reviewable(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        review.withdraw(build.owner(application_id))
        with pytest.raises(Conflict) as refused:
            review.approve(application_id, staff(reviewer), None)
        assert refused.value.message == "该申请当前为“资料填写”，不在待审核状态；申请人可能已撤回，请刷新后查看"


def test_an_approved_application_cannot_be_withdrawn(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        review.approve(application_id, staff(reviewer), None)
        with pytest.raises(Conflict) as refused:
            review.withdraw(build.owner(application_id))
        assert refused.value.message == "申请已审核通过，不能撤回"
        assert db.session.get(Application, application_id).state is ApplicationState.approved


def test_after_the_registration_deadline_a_withdrawal_is_refused_because_no_resubmit_could_follow(
        app, build, reviewer, clock):
    application_id = build.pending()
    with app.app_context():
        review.reject(application_id, staff(reviewer), "请补充材料", {}, None)
    clock.move_to(datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING))
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert review.can_withdraw(application) is False
        with pytest.raises(Conflict) as refused:
            review.withdraw(build.owner(application_id))
        assert refused.value.message.startswith("报名已截止（2026-12-02 18:30），撤回后将无法重新提交，因此不能撤回")
        assert db.session.get(Application, application_id).state is ApplicationState.rejected


def test_a_refused_submit_for_review_changes_nothing(app, build):
    application_id = build.submitted()
    with app.app_context():
        owner = build.owner(application_id)
        letter = build.file(owner.id, "commitment_letter")
        with pytest.raises(Exception):
            review.submit_for_review(owner, letter)
        application = db.session.get(Application, application_id)
        assert application.state is ApplicationState.info_submitted and application.signed_sheet_file_id is None
        assert db.session.execute(select(AuditEntry).where(
            AuditEntry.action == "application.pending_review")).first() is None
