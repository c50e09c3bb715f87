"""WeChat and WeChat Pay down (a 503), hanging (the request never reaches them; only our timeout
ends the call) or answering garbage (a gateway's HTML page with a 200): every outbound call ends
within its bound and is answered cleanly — the API with a 503 in Chinese, the outbox by waiting and
delivering once after recovery, payments by recording nothing until WeChat Pay answers again.

The app under test is `impatient_app` (the same database, calls that give up after 0.3 s); the
sandbox plays WeChat over real HTTP."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from server.accounts.models import Account, StaffRole
from server.applications.models import Application
from server.clock import now
from server.dev.devserver import SANDBOX_SUBSCRIBE_TEMPLATE_IDS
from server.extensions import db
from server.messages.models import MessageState, OutboxMessage
from server.messages.sender import backoff, send_due
from server.official_account import binding
from server.payments import jobs as payment_jobs
from server.payments import refunds
from server.payments.models import RefundState
from server.subscriptions import services as grants
from tests.fixtures.forms import CURRENT
from tests.fixtures.payments import orders_of, payments_of
from tests.fixtures.staff import staff_member

TOKEN, LOGIN = "/cgi-bin/token", "/sns/jscode2session"
SUBSCRIBE_SEND, TEMPLATE_SEND = "/cgi-bin/message/subscribe/send", "/cgi-bin/message/template/send"
PAY_NATIVE, REFUNDS = "/v3/pay/transactions/native", "/v3/refund/domestic/refunds"
BOUND_SECONDS = 3.0  # 0.3 s timeouts, a retry or two: never the sandbox's 60 s hang
FAULTS = ("down", "hanging", "garbage")


def inject(sandbox, fault: str, path: str, times: int = 4) -> None:
    """WeChat's side of `path` goes wrong the next `times` calls."""
    if fault == "down":
        sandbox.fail_next(path, times, status=503)
    elif fault == "hanging":
        sandbox.hang_next(path, times)
    else:
        sandbox.garbage_next(path, times)


@contextmanager
def within_bound() -> Iterator[None]:
    started = time.perf_counter()
    yield
    assert time.perf_counter() - started < BOUND_SECONDS, "an outbound call outlived its timeout"


def recover(sandbox) -> None:
    """WeChat is back: planned faults dropped, hanging requests let go (unhandled)."""
    sandbox.faults.clear()


def assert_unavailable_in_chinese(response, message: str) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.json["message"] == message


# -- the API: a 503 in Chinese, and the same call succeeds after recovery ------------------------

@pytest.mark.parametrize("fault", FAULTS)
def test_a_wechat_login_while_code2session_fails_is_a_503_in_chinese(fault, impatient_app, sandbox):
    client = impatient_app.test_client()
    inject(sandbox, fault, LOGIN)
    with within_bound():
        response = client.post("/api/v1/sessions/wechat", json={"code": sandbox.mint_login_code().code})
    assert_unavailable_in_chinese(response, "微信服务暂时不可用，请稍后重试")
    recover(sandbox)
    again = client.post("/api/v1/sessions/wechat", json={"code": sandbox.mint_login_code().code})
    assert again.status_code == 200 and again.json["status"] == "bind_required"


@pytest.mark.parametrize("fault", FAULTS)
def test_a_binding_code_while_the_access_token_fails_is_a_503_in_chinese(fault, impatient_app, sandbox, build):
    headers = build.bearer(build.approved())
    client = impatient_app.test_client()
    inject(sandbox, fault, TOKEN)
    with within_bound():
        response = client.post("/api/v1/me/official-account/binding-code", headers=headers)
    assert_unavailable_in_chinese(response, "暂时无法生成关注二维码，请稍后重试")
    assert not sandbox.qr_codes
    recover(sandbox)
    assert client.post("/api/v1/me/official-account/binding-code", headers=headers).status_code in (200, 201)
    assert len(sandbox.qr_codes) == 1


@pytest.mark.parametrize("fault", FAULTS)
def test_an_order_while_wechat_pay_fails_is_a_503_in_chinese_and_nothing_is_open(
        fault, impatient_app, sandbox, paying):
    application_id = paying.application()
    headers = paying.bearer(application_id)
    client = impatient_app.test_client()
    inject(sandbox, fault, PAY_NATIVE)
    with within_bound():
        response = client.post(f"{CURRENT}/payment/orders", headers=headers, json={"channel": "native"})
    assert_unavailable_in_chinese(response, "微信支付暂时无法连接，请稍后重试")
    assert not sandbox.context.wechat_pay.world.orders()  # WeChat Pay holds no order
    with impatient_app.app_context():  # ours, written before asking WeChat Pay, is not yet at WeChat
        assert [order.state.value for order in orders_of(application_id)] == ["created"]
    recover(sandbox)
    opened = client.post(f"{CURRENT}/payment/orders", headers=headers, json={"channel": "native"})
    assert opened.status_code in (200, 201), opened.json
    assert [o.out_trade_no for o in sandbox.context.wechat_pay.world.orders()] == [opened.json["out_trade_no"]]
    with impatient_app.app_context():
        assert [(o.out_trade_no, o.state.value) for o in orders_of(application_id)] == [
            (opened.json["out_trade_no"], "pending")]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_payment_check_while_wechat_pay_fails_stays_pending_and_records_it_once_after(
        fault, impatient_app, sandbox, paying):
    """The design answers the check with the order still open ("支付结果确认中"), not an error:
    the phone keeps asking; the money is recorded once WeChat Pay answers."""
    application_id = paying.application()
    headers = paying.bearer(application_id)
    number = paying.start(application_id, "native").out_trade_no
    sandbox.pay(number, notify=False)
    client = impatient_app.test_client()
    inject(sandbox, fault, f"/v3/pay/transactions/out-trade-no/{number}")
    with within_bound():
        response = client.post(f"{CURRENT}/payment/orders/{number}/check", headers=headers)
    assert response.status_code == 200 and response.json["state"] == "pending"
    with impatient_app.app_context():
        assert payments_of(application_id) == []
    recover(sandbox)
    for _ in range(2):
        assert client.post(f"{CURRENT}/payment/orders/{number}/check", headers=headers).json["state"] == "paid"
    with impatient_app.app_context():
        assert len(payments_of(application_id)) == 1
        assert db.session.get(Application, application_id).state.value == "paid"


@pytest.mark.parametrize("fault", FAULTS)
def test_a_refund_while_wechat_pay_fails_waits_and_the_job_asks_for_it_once_after(
        fault, impatient_app, sandbox, paying, make_staff, clock):
    application_id = paying.application()
    paying.paid(application_id, sandbox)
    association = make_staff(StaffRole.association)
    inject(sandbox, fault, REFUNDS)
    with impatient_app.app_context(), within_bound():
        [payment] = payments_of(application_id)
        refund = refunds.request_refund(payment.id, staff_member(association), None, "本人申请退费")
    assert refund.state is RefundState.requested
    assert not sandbox.context.wechat_pay.world.refunds()  # WeChat Pay has not got it
    recover(sandbox)
    clock.shift(timedelta(minutes=2))
    with impatient_app.app_context():
        assert payment_jobs.query_pending_refunds(now()) == 1
        assert db.session.get(type(refund), refund.id).state in (RefundState.processing, RefundState.succeeded)
    assert sandbox.wechat_pay_refund(refund.out_refund_no).refund_fen == 35000
    assert [r.out_refund_no for r in sandbox.context.wechat_pay.world.refunds()] == [refund.out_refund_no]


# -- the outbox: the message waits out the outage and goes once after it -------------------------

def _subscriber(sandbox, account: Account) -> str:
    """The applicant logged in by WeChat and accepted the review-result subscribe message."""
    template_id = SANDBOX_SUBSCRIBE_TEMPLATE_IDS["review_result"]
    account.wechat_openid = sandbox.mint_login_code().openid
    db.session.commit()
    sandbox.grant_subscribe_message(account.wechat_openid, template_id)
    grants.record_answers(account.id, {template_id: "accept"})
    return account.wechat_openid


def _follower(sandbox, account: Account) -> str:
    """The applicant follows the official account (scanned the profile's binding QR code)."""
    openid = sandbox.add_follower()
    binding.binding_code(account)
    binding.bind_by_scene(openid, sandbox.qr_codes[-1].scene)
    return openid


CHANNELS: dict[str, tuple[Callable, str]] = {
    "subscribe message send": (_subscriber, SUBSCRIBE_SEND),
    "access token (for a subscribe message)": (_subscriber, TOKEN),
    "official-account template send": (_follower, TEMPLATE_SEND),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_a_review_result_waits_out_a_wechat_outage_and_is_delivered_once(
        channel, fault, impatient_app, sandbox, build, clock):
    reach, path = CHANNELS[channel]
    application_id = build.approved()
    with build.app.app_context():
        openid = reach(sandbox, build.owner(application_id))
    inject(sandbox, fault, path, times=8)
    with impatient_app.app_context():
        with within_bound():
            report = send_due()
        assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert message.state is MessageState.pending and message.last_error
    assert not sandbox.recorder.wechat_messages and not sandbox.recorder.sms_messages
    recover(sandbox)
    clock.shift(backoff(1).total_seconds())
    with impatient_app.app_context():
        assert send_due().sent == 1
        clock.shift(timedelta(hours=3).total_seconds())
        assert send_due().sent == 0
        db.session.expire_all()
        assert db.session.scalar(select(OutboxMessage.state)) is MessageState.sent
    assert [m.touser for m in sandbox.recorder.wechat_messages] == [openid]
