"""The lifecycle table: every (state, action, role) cell, allowed or refused, and what `move` writes.

The expected table below is written out by hand from DESIGN.md's journey, not derived from the
code's table: if either changes, this spec says which cell.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from itertools import product

import pytest
from sqlalchemy import select

from server.accounts.actors import Actor, Role, Scope
from server.applications import lifecycle
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.models import AuditEntry
from server.batches.models import Batch
from server.clock import BEIJING
from server.errors import Conflict, Forbidden, NotFound
from server.extensions import db

URUMQI = "650100"
# (action, role) -> the states it may be taken from, and the state it leads to (None: no change)
EXPECTED = {
    ("edit", Role.applicant): ({S.draft}, None),
    ("submit_info", Role.applicant): ({S.draft}, S.info_submitted),
    ("upload_signed_sheet", Role.applicant): ({S.info_submitted}, None),
    ("submit_for_review", Role.applicant): ({S.info_submitted}, S.pending_review),
    ("withdraw", Role.applicant): ({S.info_submitted, S.pending_review, S.rejected}, S.draft),
    ("approve", Role.reviewer): ({S.pending_review}, S.approved),
    ("reject", Role.reviewer): ({S.pending_review}, S.rejected),
    ("pay", Role.applicant): ({S.approved}, None),
    ("record_payment", Role.system): ({S.approved}, S.paid),
    ("record_payment", Role.association): ({S.approved}, S.paid),
    ("record_payment", Role.admin): ({S.approved}, S.paid),
    ("refund", Role.association): ({S.paid}, S.refunded),
    ("refund", Role.admin): ({S.paid}, S.refunded),
    ("record_exam_result", Role.association): ({S.paid}, "outcome"),
    ("record_exam_result", Role.admin): ({S.paid}, "outcome"),
}
# A moment inside every window of the batch below (registration, review and payment all open).
OPEN = datetime(2026, 12, 1, 12, 0, tzinfo=BEIJING)


def batch() -> Batch:
    return Batch(id=1, name="测试批次", registration_opens_at=OPEN - timedelta(days=10),
                 registration_closes_at=OPEN + timedelta(days=1), review_closes_at=OPEN + timedelta(days=2),
                 payment_opens_at=OPEN - timedelta(days=10), payment_closes_at=OPEN + timedelta(days=3),
                 payment_delay_days=5)


def application(state: S) -> Application:
    return Application(id=7, account_id=11, batch_id=1, state=state, review_prefecture_code=URUMQI,
                       approved_at=OPEN - timedelta(days=6))


ACTORS = {
    Role.applicant: Actor.applicant(11),
    Role.reviewer: Actor("staff", 21, Role.reviewer, Scope(frozenset({URUMQI}))),
    Role.association: Actor("staff", 22, Role.association, Scope(None)),
    Role.admin: Actor("staff", 23, Role.admin, Scope(None)),
    Role.system: Actor.system(),
}


def test_the_table_has_exactly_the_expected_actions():
    assert {name for name, _ in EXPECTED} == set(lifecycle.ACTIONS)
    for name, action in lifecycle.ACTIONS.items():
        assert action.roles == {role for (n, role) in EXPECTED if n == name}, name


@pytest.mark.parametrize(("state", "name", "role"), list(product(S, lifecycle.ACTIONS, Role)),
                         ids=lambda value: getattr(value, "value", value))
def test_every_cell_is_allowed_or_refused_as_the_journey_says(state, name, role):
    expected = EXPECTED.get((name, role))
    subject = application(state)
    if expected is None:
        with pytest.raises(Forbidden):
            lifecycle.require(subject, name, ACTORS[role], batch(), OPEN)
    elif state not in expected[0]:
        with pytest.raises(Conflict):
            lifecycle.require(subject, name, ACTORS[role], batch(), OPEN)
    else:
        assert lifecycle.require(subject, name, ACTORS[role], batch(), OPEN).name == name
        views = {view.action: view for view in lifecycle.allowed_actions(subject, ACTORS[role], batch(), OPEN)}
        assert views[name].allowed is True and views[name].reason is None


def test_an_applicant_acts_on_their_own_application_only():
    with pytest.raises(NotFound):
        lifecycle.require(application(S.draft), "edit", Actor.applicant(12), batch(), OPEN)


def test_a_reviewer_acts_on_their_prefectures_submissions_only():
    elsewhere = Actor("staff", 24, Role.reviewer, Scope(frozenset({"650200"})))
    with pytest.raises(NotFound):
        lifecycle.require(application(S.pending_review), "approve", elsewhere, batch(), OPEN)


def test_what_an_applicant_reads_when_the_state_does_not_fit():
    assert lifecycle.not_now_message(lifecycle.ACTIONS["withdraw"], S.draft) == "申请尚未提交，无需撤回"
    assert lifecycle.not_now_message(lifecycle.ACTIONS["withdraw"], S.paid) == "申请已审核通过，不能撤回"
    assert lifecycle.not_now_message(lifecycle.ACTIONS["pay"], S.pending_review) == "申请当前为“待审核”，不能网上缴费"


class TestWindows:
    def test_before_registration_opens_the_applicant_reads_from_when(self):
        early = batch().registration_opens_at - timedelta(minutes=1)
        [submit] = [v for v in lifecycle.allowed_actions(application(S.draft), ACTORS[Role.applicant], batch(), early)
                    if v.action == "submit_info"]
        assert (submit.allowed, submit.opens_at) == (False, batch().registration_opens_at)
        assert submit.reason == "报名尚未开始，2026-11-21 12:00 起可提交资料"

    def test_after_the_registration_deadline_nothing_of_the_applicant_moves(self):
        late = batch().registration_closes_at
        views = lifecycle.allowed_actions(application(S.rejected), ACTORS[Role.applicant], batch(), late)
        assert [(v.action, v.allowed) for v in views] == [("withdraw", False)]
        assert views[0].reason.startswith("报名已截止（2026-12-02 12:00），撤回后将无法重新提交")

    def test_paying_opens_payment_delay_days_after_the_approval_with_the_exact_date(self):
        approved = application(S.approved)
        approved.approved_at = datetime(2026, 12, 3, 10, 30, tzinfo=BEIJING)
        window = batch()
        window.payment_closes_at = OPEN + timedelta(days=10)
        moment = datetime(2026, 12, 7, 10, 30, tzinfo=BEIJING)  # four days later
        [pay] = lifecycle.allowed_actions(approved, ACTORS[Role.applicant], window, moment)
        assert (pay.allowed, pay.opens_at) == (False, datetime(2026, 12, 8, 10, 30, tzinfo=BEIJING))
        assert pay.reason == "审核通过5日后，即 12月8日 10:30 起可缴费"
        [pay] = lifecycle.allowed_actions(approved, ACTORS[Role.applicant], window, pay.opens_at)
        assert pay.allowed is True

    def test_after_the_payment_window_the_applicant_reads_when_it_closed(self):
        [pay] = lifecycle.allowed_actions(application(S.approved), ACTORS[Role.applicant], batch(),
                                          batch().payment_closes_at)
        assert pay.allowed is False and pay.reason.startswith("网上缴费已于 2026-12-04 12:00 截止")

    def test_decisions_close_with_the_review_deadline(self):
        with pytest.raises(Conflict, match="资格审核已截止"):
            lifecycle.require(application(S.pending_review), "approve", ACTORS[Role.reviewer], batch(),
                              batch().review_closes_at)


def test_derived_sets_follow_the_table():
    assert lifecycle.states_allowing("edit") == {S.draft}
    assert {S.approved, S.paid, S.refunded, S.admitted, S.failed} == lifecycle.APPROVED_OR_LATER


class TestMove:
    def test_a_move_changes_the_state_and_writes_an_audit_row_named_after_the_action(self, app_context, clock):
        subject = application(S.rejected)
        lifecycle.move(subject, "withdraw", ACTORS[Role.applicant], batch_in_window(), snapshot_id=3)
        assert subject.state is S.draft
        entry = db.session.execute(select(AuditEntry)).scalar_one()
        assert entry.action == "application.withdrawn"
        assert entry.detail == {"previous": "rejected", "state": "draft", "snapshot_id": 3}

    def test_an_action_with_an_outcome_needs_one_of_its_states(self, app_context, clock):
        subject = application(S.paid)
        with pytest.raises(ValueError):
            lifecycle.move(subject, "record_exam_result", ACTORS[Role.association], batch_in_window())
        lifecycle.move(subject, "record_exam_result", ACTORS[Role.association], batch_in_window(), outcome=S.admitted)
        assert subject.state is S.admitted

    def test_listeners_hear_every_move_inside_its_transaction(self, app_context, clock):
        heard = []
        listener = lifecycle.listen(lambda app, action, actor, previous, detail: heard.append(
            (app.state, action.name, previous)))
        try:
            lifecycle.move(application(S.info_submitted), "withdraw", ACTORS[Role.applicant], batch_in_window())
        finally:
            lifecycle.unlisten(listener)
        assert heard == [(S.draft, "withdraw", S.info_submitted)]

    def test_a_refused_move_changes_nothing(self, app_context, clock):
        subject = application(S.draft)
        with pytest.raises(Conflict):
            lifecycle.move(subject, "approve", ACTORS[Role.reviewer], batch_in_window())
        assert subject.state is S.draft and db.session.execute(select(AuditEntry)).first() is None


def batch_in_window() -> Batch:
    """The batch around the clock fixture's moment (2026-11-25 12:00 Beijing)."""
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=BEIJING)
    shifted = batch()
    for column in ("registration_opens_at", "registration_closes_at", "review_closes_at", "payment_opens_at",
                   "payment_closes_at"):
        setattr(shifted, column, getattr(shifted, column) - (OPEN - moment))
    return shifted
