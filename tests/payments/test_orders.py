"""Confirming, querying and closing orders: one payment however often it is reported, a second
paid order recorded as a duplicate, lost notifications found by the job, expired orders closed."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from server.accounts.actors import Actor
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.clock import now
from server.extensions import db
from server.payments import jobs
from server.payments.models import OrderState
from server.payments.orders import Report, confirm
from tests.fixtures.journey import at_once
from tests.fixtures.payments import orders_of, payments_of


def state_of(application_id: int) -> ApplicationState:
    return db.session.get(Application, application_id).state


def transitions() -> int:
    return db.session.scalar(select(func.count()).where(AuditEntry.action == "application.payment_recorded"))


def test_concurrent_confirmations_record_one_payment(app, paying):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    report = Report(transaction_id="4200000000000000000000000001", amount_fen=35000, paid_at=now(),
                    source="query", provider="wechat_v3")
    results = at_once(app, *[lambda: confirm(started.out_trade_no, report, Actor.system())] * 8)
    assert sorted(result.first for result in results) == [False] * 7 + [True]
    assert len({result.payment_id for result in results}) == 1
    with app.app_context():
        assert state_of(application_id) is ApplicationState.paid and transitions() == 1


def test_an_order_paid_after_the_application_was_paid_is_a_duplicate(app, paying, sandbox):
    application_id = paying.application()
    qr = paying.start(application_id, "native")
    mini = paying.start(application_id, "jsapi")  # closes the QR order at WeChat Pay
    sandbox.pay(mini.out_trade_no)
    sandbox.pay(qr.out_trade_no, even_if_closed=True)  # a colleague's phone still showed the old code
    with app.app_context():
        first, second = payments_of(application_id)
        assert (first.duplicate, second.duplicate) == (False, True)
        assert [order.state for order in orders_of(application_id)] == [OrderState.paid, OrderState.paid]
        assert state_of(application_id) is ApplicationState.paid and transitions() == 1
        assert db.session.scalar(select(func.count()).where(AuditEntry.action == "payment.duplicate_recorded")) == 1
    assert paying.send_messages() == 1  # one receipt email, for the paying payment only


def test_a_payment_whose_notification_never_came_is_found_by_the_job(app, paying, sandbox, clock):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    sandbox.pay(started.out_trade_no, notify=False)
    clock.shift(timedelta(minutes=2))
    with app.app_context():
        assert jobs.query_pending_orders(now()) == 1
        assert state_of(application_id) is ApplicationState.paid
        assert payments_of(application_id)[0].source == "query"
        assert jobs.query_pending_orders(now()) == 0  # nothing open any more


def test_an_expired_order_is_closed_at_wechat_pay_and_here(app, paying, sandbox, clock):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    clock.shift(timedelta(hours=2, minutes=1))
    with app.app_context():
        assert jobs.expire_orders(now()) == 1
        [order] = orders_of(application_id)
        assert (order.state, order.close_reason) == (OrderState.closed, "expired")
        assert jobs.expire_orders(now()) == 0
    assert sandbox.wechat_pay_order(started.out_trade_no).state == "CLOSED"


def test_an_outage_leaves_open_orders_for_the_next_run(app, paying, sandbox, clock):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    clock.shift(timedelta(minutes=2))
    sandbox.fail_next(f"/v3/pay/transactions/out-trade-no/{started.out_trade_no}", times=5, status=503)
    with app.app_context():
        assert jobs.query_pending_orders(now()) == 0
        assert [order.state for order in orders_of(application_id)] == [OrderState.pending]


def test_a_copy_of_a_recorded_payment_is_answered_while_another_transaction_holds_the_application(app, paying,
                                                                                                 sandbox):
    application_id = paying.application()
    out_trade_no = paying.paid(application_id, sandbox)
    with app.app_context():
        [payment] = payments_of(application_id)
        report = Report(transaction_id=payment.transaction_id, amount_fen=35000, paid_at=now(),
                        source="notification", provider="wechat_v3")
    answers: list[object] = []
    copy = threading.Thread(target=lambda: answers.extend(at_once(app, lambda: confirm(out_trade_no, report,
                                                                                       Actor.system()))))
    with app.app_context(), db.engine.connect() as other:
        other.execute(update(Application).where(Application.id == application_id)  # a staff edit, say, not done yet
                      .values(version=Application.version))
        copy.start()
        copy.join(timeout=5)
        answered_meanwhile = not copy.is_alive()
        other.rollback()
    copy.join()
    assert answered_meanwhile
    assert [(answer.payment_id, answer.first) for answer in answers] == [(payment.id, False)]
