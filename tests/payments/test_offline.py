"""Offline payments (bank transfer, cash), recorded by association staff: with a reference, an
audit entry, a receipt and the email, and the applicant's open WeChat order closed."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.errors import Conflict, Forbidden, InvalidInput
from server.extensions import db
from server.payments import offline, receipts
from server.payments.models import OrderState, PaymentMethod
from tests.fixtures.payments import orders_of, payments_of
from tests.fixtures.staff import staff_member


@pytest.fixture
def association(make_staff) -> int:
    return make_staff(StaffRole.association)


def record(application_id: int, staff_id: int, **changes):
    values = {"method": "bank_transfer", "reference": "TR20261130001", "paid_on": date(2026, 11, 30),
              "note": "工行转账", **changes}
    return offline.record_offline_payment(application_id, staff_member(staff_id), **values)


def test_staff_record_a_bank_transfer_with_its_reference(app, paying, association, sandbox):
    application_id = paying.application()
    with app.app_context():
        result = record(application_id, association)
        assert result.first and not result.duplicate
        assert db.session.get(Application, application_id).state is ApplicationState.paid
        [payment] = payments_of(application_id)
        assert (payment.method, payment.transaction_id, payment.recorded_by_staff_id) == (
            PaymentMethod.bank_transfer, "TR20261130001", association)
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "payment.offline_recorded")).scalar_one()
        assert (entry.actor_id, entry.detail["reference"], entry.detail["method"]) == (
            association, "TR20261130001", "bank_transfer")
        data = receipts.receipt_data(receipts.receipt_of(payment.id))
        assert (data.payment_method, data.transaction_id) == ("银行转账", "TR20261130001")
    assert paying.send_messages() == 1


def test_an_open_wechat_order_is_closed_once_the_offline_payment_is_recorded(app, paying, association, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    with app.app_context():
        record(application_id, association)
        states = [order.state for order in orders_of(application_id)]
    assert states == [OrderState.closed, OrderState.paid]
    assert sandbox.wechat_pay_order(started.out_trade_no).state == "CLOSED"


def test_a_reference_is_recorded_once(app, paying, build, association):
    first, second = paying.application(), build.approved()
    with app.app_context():
        record(first, association)
        with pytest.raises(InvalidInput) as refusal:
            record(second, association)
    assert refusal.value.fields == {"reference": "流水号或收据号 TR20261130001 已登记过，请勿重复登记"}


@pytest.mark.parametrize(("changes", "field"), [
    ({"method": "alipay"}, "method"), ({"reference": " "}, "reference"),
    ({"paid_on": date(2026, 12, 25)}, "paid_on"), ({"paid_on": None}, "paid_on")])
def test_bad_input_is_refused_by_field(app, paying, association, changes, field):
    application_id = paying.application()
    with app.app_context(), pytest.raises(InvalidInput) as refusal:
        record(application_id, association, **changes)
    assert list(refusal.value.fields) == [field]


def test_a_paid_application_cannot_be_paid_offline_again(app, paying, association):
    application_id = paying.application()
    with app.app_context():
        record(application_id, association)
        with pytest.raises(Conflict):
            record(application_id, association, reference="TR2")


def test_reviewers_cannot_record_payments(app, paying, make_staff):
    application_id = paying.application()
    with app.app_context(), pytest.raises(Forbidden):
        record(application_id, make_staff(StaffRole.reviewer))
