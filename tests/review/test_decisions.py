"""Decisions (审核): only the reviewers of the application's prefecture, only while pending and
inside the review period, only on the submission the reviewer was looking at — and two reviewers
deciding at once end in exactly one decision."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.applications import submission
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.batches.models import Batch
from server.batches.services import settings_of, update_batch
from server.clock import BEIJING
from server.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from server.extensions import db
from server.review import services as review
from server.review.models import ExpertNumberCounter, ReviewDecision
from tests.fixtures.journey import at_once
from tests.fixtures.staff import staff_member

REVIEW_CLOSED = "资格审核已截止，如需继续审核请联系管理员延长审核期限"


def decisions() -> list[ReviewDecision]:
    return list(db.session.execute(select(ReviewDecision).order_by(ReviewDecision.id)).scalars())


def test_an_approval_records_the_decision_on_the_submission_and_its_sheet(app, build, reviewer, batch):
    application_id = build.pending()
    with app.app_context():
        snapshot = submission.latest_snapshot(application_id)
        sheet = db.session.get(Application, application_id).signed_sheet_file_id
        application = review.approve(application_id, staff_member(reviewer), snapshot.id)
        assert application.state is ApplicationState.approved
        assert application.expert_number == f"B{batch:03d}-650100-0001"
        [decision] = decisions()
        assert (decision.decision, decision.snapshot_id, decision.reviewer_id, decision.signed_sheet_file_id) == (
            "approved", snapshot.id, reviewer, sheet)
        entry = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "application.approved")).scalar_one()
        assert (entry.actor_kind, entry.actor_id) == ("staff", reviewer)
        assert entry.detail == {"previous": "pending_review", "state": "approved", "decision_id": decision.id,
                                "snapshot_id": snapshot.id, "expert_number": application.expert_number}


def test_a_rejection_keeps_reasons_and_field_marks(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        application = review.reject(application_id, staff_member(reviewer), "  请重新上传清晰的扫描件  ", {
            "basic.photo_file_id": " 照片不是近照 ", "certificates[0].proof_file_id": "证书已过期",
            "review.signed_sheet_file_id": "缺少单位盖章", "specialties.primary": None}, None)
        assert application.state is ApplicationState.rejected and application.expert_number is None
        [decision] = decisions()
        assert decision.reasons == "请重新上传清晰的扫描件"
        assert decision.field_marks == {"basic.photo_file_id": "照片不是近照", "certificates[0].proof_file_id": "证书已过期",
                                        "review.signed_sheet_file_id": "缺少单位盖章", "specialties.primary": ""}


def test_a_rejection_needs_reasons_or_a_field_mark(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        with pytest.raises(InvalidInput) as refused:
            review.reject(application_id, staff_member(reviewer), "   ", {}, None)
        assert refused.value.fields == {"reasons": "请填写驳回理由，或至少标注一个有问题的字段"}
        with pytest.raises(InvalidInput) as refused:
            review.reject(application_id, staff_member(reviewer), "理" * 1001, {}, None)
        assert refused.value.fields == {"reasons": "驳回理由不能超过1000个字符"}
        only_a_mark = review.reject(application_id, staff_member(reviewer), "", {"basic.title": "职称名称有误"}, None)
        assert only_a_mark.state is ApplicationState.rejected


def test_marks_must_name_fields_of_the_submission(app, build, reviewer):
    application_id = build.pending()  # one certificate, no avoidance unit
    with app.app_context():
        with pytest.raises(InvalidInput) as refused:
            review.reject(application_id, staff_member(reviewer), "见标注", {
                "basic.nickname": "x", "certificates[1].name": "x", "avoidance_units[0].name": "x",
                "basic.unit_credit_code_confirmed": "x", "basic.name": "名" * 201}, None)
        assert refused.value.fields == {
            "field_marks.basic.nickname": "该字段不存在，不能标注",
            "field_marks.certificates[1].name": "该字段不存在，不能标注",
            "field_marks.avoidance_units[0].name": "该字段不存在，不能标注",
            "field_marks.basic.unit_credit_code_confirmed": "该字段不存在，不能标注",
            "field_marks.basic.name": "标注说明不能超过200个字符"}
        assert db.session.get(Application, application_id).state is ApplicationState.pending_review
        assert decisions() == []


def test_a_reviewer_of_another_prefecture_finds_nothing_as_if_it_did_not_exist(app, build, make_staff):
    application_id = build.pending(prefecture_code="650100")
    karamay = make_staff(StaffRole.reviewer, "650200")
    with app.app_context():
        for decide in (lambda: review.approve(application_id, staff_member(karamay), None),
                       lambda: review.reject(application_id, staff_member(karamay), "不符合条件", {}, None),
                       lambda: review.approve(999999, staff_member(karamay), None)):
            with pytest.raises(NotFound) as refused:
                decide()
            assert refused.value.message == "申请不存在"
        assert db.session.get(Application, application_id).state is ApplicationState.pending_review


@pytest.mark.parametrize("role", [StaffRole.association, StaffRole.admin])
def test_association_and_admin_staff_do_not_decide(app, build, make_staff, role):
    application_id = build.pending()
    member = make_staff(role, None)
    with app.app_context():
        with pytest.raises(Forbidden) as refused:
            review.approve(application_id, staff_member(member), None)
        assert refused.value.message == "只有申请人所在地州市的审核员可以作出审核决定"


def test_an_inactive_reviewer_does_not_decide(app, build, make_staff):
    application_id = build.pending()
    gone = make_staff(StaffRole.reviewer, "650100", active=False)
    with app.app_context(), pytest.raises(Forbidden):
        review.approve(application_id, staff_member(gone), None)


def test_decisions_stop_at_the_review_deadline_until_an_admin_extends_it(app, build, reviewer, batch, clock):
    first, second = build.pending(), build.pending()
    clock.move_to(datetime(2026, 12, 3, 18, 30, tzinfo=BEIJING))
    with app.app_context():
        with pytest.raises(Conflict) as refused:
            review.approve(first, staff_member(reviewer), None)
        assert refused.value.message == REVIEW_CLOSED
        with pytest.raises(Conflict) as refused:
            review.reject(second, staff_member(reviewer), "材料不全", {}, None)
        assert refused.value.message == REVIEW_CLOSED
        row = db.session.get(Batch, batch)
        settings = settings_of(row)
        settings.review_closes_at += timedelta(days=1)
        settings.payment_closes_at = max(settings.payment_closes_at, settings.review_closes_at)
        update_batch(batch, settings, Actor.system())
        assert review.approve(first, staff_member(reviewer), None).state is ApplicationState.approved


def test_a_stale_submission_is_refused_with_a_clear_message(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        seen = submission.latest_snapshot(application_id).id
        owner = build.owner(application_id)
        submission.withdraw(owner)
        submission.submit_info(owner)
    build.send_for_review(application_id)
    with app.app_context():
        with pytest.raises(Conflict) as refused:
            review.approve(application_id, staff_member(reviewer), seen)
        assert refused.value.message == "申请内容已更新，请刷新后重新审核"
        assert submission.latest_snapshot(application_id).sequence == 2


def test_a_decision_already_made_is_named(app, build, reviewer, make_staff):
    application_id = build.pending()
    colleague = make_staff(StaffRole.reviewer, "650100")
    with app.app_context():
        seen = submission.latest_snapshot(application_id).id
        review.reject(application_id, staff_member(colleague), "专业年限不足", {}, seen)
        with pytest.raises(Conflict) as refused:
            review.approve(application_id, staff_member(reviewer), seen)
        assert refused.value.message == "该申请已由其他审核员处理（驳回），请刷新后查看"
        with pytest.raises(Conflict) as refused:
            review.reject(application_id, staff_member(colleague), "再次驳回", {}, seen)
        assert refused.value.message == "您已审核过该申请（驳回），请刷新后查看"


def test_two_approvals_at_once_end_in_one_decision_and_one_number(app, build, reviewer, make_staff):
    application_id = build.pending()
    colleague = make_staff(StaffRole.reviewer, "650100")
    with app.app_context():
        seen = submission.latest_snapshot(application_id).id
    results = at_once(app, *(lambda who=who: review.approve(application_id, staff_member(who), seen).expert_number
                             for who in (reviewer, colleague)))
    numbers = [r for r in results if isinstance(r, str)]
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(numbers) == 1 and len(refusals) == 1 and isinstance(refusals[0], Conflict)
    assert refusals[0].message == "该申请已由其他审核员处理（审核通过），请刷新后查看"
    with app.app_context():
        assert len(decisions()) == 1
        assert db.session.get(Application, application_id).expert_number == numbers[0]
        assert db.session.execute(select(ExpertNumberCounter.last_sequence)).scalar_one() == 1


def test_an_approval_and_a_rejection_at_once_end_in_one_decision(app, build, reviewer, make_staff):
    application_id = build.pending()
    colleague = make_staff(StaffRole.reviewer, "650100")
    results = at_once(app, lambda: review.approve(application_id, staff_member(reviewer), None).state,
                      lambda: review.reject(application_id, staff_member(colleague), "材料不全", {}, None).state)
    assert sum(isinstance(r, Conflict) for r in results) == 1
    with app.app_context():
        [decision] = decisions()
        state = db.session.get(Application, application_id).state
        assert state.value == decision.decision
        assert db.session.scalar(select(func.count()).select_from(ExpertNumberCounter)) == (
            1 if decision.decision == "approved" else 0)


def test_a_withdrawal_and_an_approval_at_once_do_not_both_happen(app, build, reviewer):
    application_id = build.pending()
    results = at_once(app, lambda: review.approve(application_id, staff_member(reviewer), None).state,
                      lambda: submission.withdraw(build.owner(application_id)).state)
    assert sum(isinstance(r, Conflict) for r in results) == 1
    with app.app_context():
        state = db.session.get(Application, application_id).state
        assert state in (ApplicationState.approved, ApplicationState.draft)
        assert len(decisions()) == (1 if state is ApplicationState.approved else 0)


def test_bulk_approval_goes_on_past_each_refusal_and_says_why(app, build, reviewer, batch):
    ready, also_ready = build.pending(), build.pending()
    elsewhere = build.pending(prefecture_code="650200")
    not_sent = build.submitted()
    with app.app_context():
        review.approve(also_ready, staff_member(reviewer), None)
        result = review.bulk_approve([ready, also_ready, elsewhere, not_sent, 999999, ready], staff_member(reviewer))
        assert result.approved == [ready]
        assert result.skipped == {
            also_ready: "您已审核过该申请（审核通过），请刷新后查看",
            elsewhere: "申请不存在",
            not_sent: "该申请当前为“资料提交审核”，不在待审核状态；申请人可能已撤回，请刷新后查看",
            999999: "申请不存在"}
        numbers = db.session.execute(select(Application.expert_number).where(
            Application.id.in_([ready, also_ready]))).scalars().all()
        assert sorted(numbers) == [f"B{batch:03d}-650100-0001", f"B{batch:03d}-650100-0002"]


def test_bulk_approval_can_insist_on_the_submissions_the_list_showed(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        result = review.bulk_approve([application_id], staff_member(reviewer), {application_id: -1})
        assert result.skipped == {application_id: "申请内容已更新，请刷新后重新审核"}


def test_bulk_approval_is_for_reviewers_only(app, build, make_staff):
    admin = make_staff(StaffRole.admin, None)
    with app.app_context(), pytest.raises(Forbidden):
        review.bulk_approve([1], staff_member(admin))


def test_applications_still_pending_after_the_review_deadline_are_listed(app, build, reviewer, batch, clock):
    approved, waiting, later = build.pending(), build.pending(), build.pending()
    build.submitted()  # never sent for review: not the reviewers' backlog
    with app.app_context():
        review.approve(approved, staff_member(reviewer), None)
        assert review.overdue_pending(db.session.get(Batch, batch)) == []
    clock.move_to(datetime(2026, 12, 3, 18, 30, tzinfo=BEIJING))
    with app.app_context():
        assert [a.id for a in review.overdue_pending(db.session.get(Batch, batch))] == [waiting, later]
        assert [a.id for a in review.overdue_pending(batch)] == [waiting, later]
