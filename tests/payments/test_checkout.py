"""Starting to pay: when it is allowed (5 days after approval, inside the window, with the exact
date in the refusal), the invoice title first, one open order per application, JSAPI parameters
signed for wx.requestPayment, a Native code with the expert number, and a new order closing the
previous one at WeChat Pay first."""
from __future__ import annotations

from datetime import datetime

import pytest

from server.applications.models import Application
from server.clock import BEIJING
from server.errors import Conflict, InvalidInput, ServiceUnavailable
from server.extensions import db
from server.payments import checkout
from server.payments.models import Channel, OrderState
from tests.fixtures.payments import account_of, orders_of


def test_paying_four_days_after_approval_is_refused_with_the_day_it_opens(app, paying):
    application_id = paying.application(days_after_approval=4)  # approved 2026-11-25 12:00 Beijing time
    with app.app_context(), pytest.raises(Conflict) as refusal:
        checkout.start_payment(account_of(application_id), "native")
    assert refusal.value.message == "审核通过5日后，即 11月30日 12:00 起可缴费"


def test_paying_on_the_fifth_day_is_allowed(app, paying):
    application_id = paying.application(days_after_approval=5)
    started = paying.start(application_id, "native")
    assert started.channel is Channel.native and started.code_url.startswith("weixin://wxpay/bizpayurl")
    assert started.amount_fen == 35000


def test_paying_after_the_window_closed_is_refused_with_its_end(app, paying, clock):
    application_id = paying.application()
    clock.move_to(datetime(2026, 12, 4, 18, 31, tzinfo=BEIJING))
    with app.app_context(), pytest.raises(Conflict) as refusal:
        checkout.start_payment(account_of(application_id), "native")
    assert refusal.value.message == "网上缴费已于 2026-12-04 18:30 截止，如有疑问请致电缴费系统 0991-8837428"


def test_the_invoice_title_comes_before_paying(app, paying, build):
    application_id = build.approved()
    paying.clock.shift(5 * 86400)
    with app.app_context(), pytest.raises(InvalidInput) as refusal:
        checkout.start_payment(account_of(application_id), "native")
    assert refusal.value.fields == {"invoice": "请先填写发票抬头并确认电子邮箱，再缴费"}


def test_jsapi_gives_the_signed_parameters_of_wx_request_payment(app, paying, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "jsapi")
    params = started.request_payment
    assert set(params) == {"timeStamp", "nonceStr", "package", "signType", "paySign"}
    assert params["signType"] == "RSA" and params["package"].startswith("prepay_id=wx")
    order = sandbox.wechat_pay_order(started.out_trade_no)
    with app.app_context():
        openid = account_of(application_id).wechat_openid
    assert (order.trade_type, order.amount_fen, order.payer_openid, order.attach) == (
        "JSAPI", 35000, openid, started.expert_number)
    assert order.notify_url == f"{paying.live_url}/wechat/pay/wechat_v3/payment"


def test_jsapi_needs_a_wechat_login(app, paying):
    application_id = paying.application(openid=None)
    with app.app_context(), pytest.raises(InvalidInput) as refusal:
        checkout.start_payment(account_of(application_id), "jsapi")
    assert "channel" in refusal.value.fields


def test_an_unknown_channel_is_refused_naming_the_choices(app, paying):
    application_id = paying.application()
    with app.app_context(), pytest.raises(InvalidInput) as refusal:
        checkout.start_payment(account_of(application_id), "alipay")
    assert refusal.value.fields["channel"] == "支付方式须为以下之一：jsapi（小程序支付）、native（扫码支付）"


def test_starting_again_reuses_the_open_order(app, paying):
    application_id = paying.application()
    first, second = paying.start(application_id, "jsapi"), paying.start(application_id, "jsapi")
    assert first.out_trade_no == second.out_trade_no
    assert first.request_payment["package"] == second.request_payment["package"]
    with app.app_context():
        assert len(orders_of(application_id)) == 1


def test_another_channel_closes_the_previous_order_at_wechat_pay_first(app, paying, sandbox):
    application_id = paying.application()
    qr = paying.start(application_id, "native")
    mini = paying.start(application_id, "jsapi")
    assert qr.out_trade_no != mini.out_trade_no
    assert sandbox.wechat_pay_order(qr.out_trade_no).state == "CLOSED"
    with app.app_context():
        states = [(order.out_trade_no, order.state, order.close_reason) for order in orders_of(application_id)]
    assert states == [(qr.out_trade_no, OrderState.closed, "replaced"), (mini.out_trade_no, OrderState.pending, None)]


def test_an_old_order_paid_before_it_could_be_closed_is_recorded_and_no_new_one_opened(app, paying, sandbox):
    application_id = paying.application()
    qr = paying.start(application_id, "native")
    sandbox.pay(qr.out_trade_no, notify=False)  # paid, its notification lost
    with app.app_context(), pytest.raises(Conflict) as refusal:
        checkout.start_payment(account_of(application_id), "jsapi")
    assert refusal.value.message == "已缴费，无需重复缴费"
    with app.app_context():
        assert [order.state for order in orders_of(application_id)] == [OrderState.paid]
        assert db.session.get(Application, application_id).state.value == "paid"


def test_an_outage_when_closing_the_old_order_opens_no_second_one(app, paying, sandbox):
    application_id = paying.application()
    qr = paying.start(application_id, "native")
    sandbox.fail_next(f"/v3/pay/transactions/out-trade-no/{qr.out_trade_no}/close", times=3, status=500)
    with app.app_context(), pytest.raises(ServiceUnavailable) as refusal:
        checkout.start_payment(account_of(application_id), "jsapi")
    assert refusal.value.message == "微信支付暂时无法连接，请稍后重试"
    with app.app_context():
        assert [order.state for order in orders_of(application_id)] == [OrderState.pending]


def test_the_order_carries_the_expert_number_and_an_unguessable_number(app, paying):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    with app.app_context():
        assert started.expert_number == db.session.get(Application, application_id).expert_number
    assert len(started.out_trade_no) == 29 and started.out_trade_no[:9] == "E20261130"
