"""Refunds by association staff: a reason always, full or partial, through WeChat Pay or by hand
for an offline payment; the application follows the lifecycle only for a full refund of the
payment that paid it; results by notification or by the job; nothing refunded twice."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.clock import now
from server.errors import Conflict, Forbidden, InvalidInput
from server.extensions import db
from server.payments import jobs, offline, refunds
from server.payments.models import Payment, PaymentState, Refund, RefundState
from tests.fixtures.payments import payments_of
from tests.fixtures.staff import staff_member


@pytest.fixture
def association(make_staff) -> int:
    return make_staff(StaffRole.association)


def paid(app, paying, sandbox) -> tuple[int, int]:
    application_id = paying.application()
    started = paying.start(application_id, "native")
    sandbox.pay(started.out_trade_no)
    with app.app_context():
        return application_id, payments_of(application_id)[0].id


def state_of(application_id: int) -> ApplicationState:
    return db.session.get(Application, application_id).state


def test_a_full_refund_moves_the_application_once_wechat_pay_accepts_it(app, paying, sandbox, association):
    application_id, payment_id = paid(app, paying, sandbox)
    with app.app_context():
        refund = refunds.request_refund(payment_id, staff_member(association), None, "本人申请退出本批次")
        assert (refund.state, refund.amount_fen, refund.completes_payment) == (RefundState.processing, 35000, True)
        assert state_of(application_id) is ApplicationState.refunded
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "application.refunded")).scalar_one()
        assert (entry.actor_kind, entry.actor_id, entry.detail["reason"]) == ("staff", association, "本人申请退出本批次")
        number = refund.out_refund_no
    [delivery] = sandbox.finish_refund(number)
    assert delivery.status == 204
    with app.app_context():
        refund = db.session.execute(select(Refund)).scalar_one()
        payment = db.session.get(Payment, payment_id)
        assert refund.state is RefundState.succeeded
        assert (payment.state, payment.refunded_fen) == (PaymentState.refunded, 35000)
    paying.send_messages()
    assert [mail.subject for mail in sandbox.mails][-1] == "退费通知：已退还评标专家培训费 350.00 元"


def test_a_partial_refund_leaves_the_application_paid(app, paying, sandbox, association):
    application_id, payment_id = paid(app, paying, sandbox)
    with app.app_context():
        refund = refunds.request_refund(payment_id, staff_member(association), 10000, "部分退还")
        assert not refund.completes_payment
        sandbox.finish_refund(refund.out_refund_no)  # notified to the live server: another session
        db.session.rollback()  # end the read transaction begun before it
        assert state_of(application_id) is ApplicationState.paid
        payment = db.session.get(Payment, payment_id)
        assert (payment.state, payment.refunded_fen) == (PaymentState.partially_refunded, 10000)
        assert refunds.refundable_fen(payment) == 25000


def test_a_refund_needs_a_reason_and_an_amount_within_what_is_left(app, paying, sandbox, association):
    _application_id, payment_id = paid(app, paying, sandbox)
    with app.app_context():
        member = staff_member(association)
        with pytest.raises(InvalidInput) as no_reason:
            refunds.request_refund(payment_id, member, None, "  ")
        assert no_reason.value.fields == {"reason": "请填写退款原因"}
        with pytest.raises(InvalidInput) as too_much:
            refunds.request_refund(payment_id, member, 35001, "多退")
        assert too_much.value.fields == {"amount": "退款金额须在 0.01 到 350.00 元之间"}
        refunds.request_refund(payment_id, member, None, "全额退还")
        with pytest.raises(Conflict):
            refunds.request_refund(payment_id, member, None, "再退一次")
        assert db.session.scalar(select(Refund.amount_fen)) == 35000


def test_reviewers_cannot_refund(app, paying, sandbox, make_staff):
    _application_id, payment_id = paid(app, paying, sandbox)
    with app.app_context(), pytest.raises(Forbidden):
        refunds.request_refund(payment_id, staff_member(make_staff(StaffRole.reviewer)), None, "退")


def test_a_refund_wechat_pay_closes_is_failed_and_the_money_may_be_refunded_again(app, paying, sandbox, association):
    _application_id, payment_id = paid(app, paying, sandbox)
    with app.app_context():
        first = refunds.request_refund(payment_id, staff_member(association), None, "退出")
        sandbox.finish_refund(first.out_refund_no, state="ABNORMAL")
        db.session.rollback()  # end the read transaction begun before it
        assert db.session.get(Refund, first.id).state is RefundState.failed
        assert refunds.refundable_fen(db.session.get(Payment, payment_id)) == 35000
        again = refunds.request_refund(payment_id, staff_member(association), None, "退出（重新退款）")
        assert again.state is RefundState.processing


def test_a_refund_asked_during_an_outage_is_asked_again_by_the_job(app, paying, sandbox, association, clock):
    application_id, payment_id = paid(app, paying, sandbox)
    sandbox.fail_next("/v3/refund/domestic/refunds", times=1, status=503)
    with app.app_context():
        refund = refunds.request_refund(payment_id, staff_member(association), None, "退出")
        assert refund.state is RefundState.requested and state_of(application_id) is ApplicationState.paid
        clock.shift(timedelta(minutes=2))
        assert jobs.query_pending_refunds(now()) == 1
        assert db.session.get(Refund, refund.id).state is RefundState.processing
        assert state_of(application_id) is ApplicationState.refunded
    assert sandbox.wechat_pay_refund(refund.out_refund_no).refund_fen == 35000


def test_an_offline_payment_is_refunded_by_recording_it(app, build, clock, association, sandbox):
    application_id = build.approved()
    with app.app_context():
        member = staff_member(association)
        result = offline.record_offline_payment(application_id, member, method="bank_transfer",
                                                reference="TR20261125001", paid_on=date(2026, 11, 25))
        refund = refunds.request_refund(result.payment_id, member, None, "转账有误，退回")
        assert refund.state is RefundState.succeeded
        assert state_of(application_id) is ApplicationState.refunded
        assert db.session.get(Payment, result.payment_id).state is PaymentState.refunded
    assert sandbox.wechat_pay_notifications == []
