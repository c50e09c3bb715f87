"""Each provider against the sandbox over real HTTP: open, query, pay, notify, refund, bill."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from server import clock
from server.payments.providers import (
    REFUSAL_ORDER_CLOSED,
    REFUSAL_ORDER_NOT_EXIST,
    REFUSAL_ORDER_PAID,
    REFUSAL_OUT_TRADE_NO_USED,
    REFUSAL_REFUND_NOT_EXIST,
    PaymentNotice,
    ProviderRefused,
    RefundNotice,
)
from tests.payments.conftest import new_order


def test_a_jsapi_order_gives_signed_request_payment_parameters_and_is_open(provider, receiver):
    order = new_order(receiver)
    params = provider.create_jsapi(order).as_request_payment()
    assert set(params) == {"timeStamp", "nonceStr", "package", "signType", "paySign"}
    assert params["package"].startswith("prepay_id=wx")
    assert params["signType"] == ("RSA" if provider.name == "wechat_v3" else "HMAC-SHA256")
    trade = provider.query(order.out_trade_no)
    assert (trade.state, trade.amount_fen, trade.transaction_id) == ("NOTPAY", 35000, None)
    assert (trade.mch_id, trade.app_id, trade.attach) == (provider.mch_id, provider.app_id,
                                                         "B001-650100-0001")


def test_opening_the_same_order_twice_gives_the_same_prepay_id(provider, receiver):
    order = new_order(receiver)
    first, again = provider.create_jsapi(order), provider.create_jsapi(order)
    assert first.package == again.package


def test_a_native_order_gives_a_code_url_for_the_qr_code(provider, receiver):
    order = new_order(receiver, openid=None)
    assert provider.create_native(order).startswith("weixin://wxpay/bizpayurl?pr=")
    assert provider.query(order.out_trade_no).trade_type == "NATIVE"


def test_the_user_pays_and_the_notification_arrives_verified(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    deliveries = sandbox.pay(order.out_trade_no)
    assert [d.status for d in deliveries] == [204 if provider.name == "wechat_v3" else 200]
    (notice,) = receiver.notices
    assert isinstance(notice, PaymentNotice)
    trade = provider.query(order.out_trade_no)
    assert (notice.out_trade_no, notice.amount_fen, notice.state) == (order.out_trade_no, 35000,
                                                                      "SUCCESS")
    assert notice.transaction_id == trade.transaction_id and trade.is_paid
    assert notice.paid_at == trade.paid_at and notice.paid_at.tzinfo is not None
    assert (notice.mch_id, notice.app_id, notice.payer_openid) == (provider.mch_id,
                                                                   provider.app_id, "o-payer-1")


def test_duplicates_sent_at_once_all_verify_with_one_dedup_id(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_native(order)
    sandbox.pay(order.out_trade_no, copies=8)
    assert len(receiver.notices) == 8
    assert len({notice.notice_id for notice in receiver.notices}) == 1


def test_a_resent_notification_names_the_same_payment(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_native(order)
    sandbox.pay(order.out_trade_no)
    sandbox.notify_payment_again(order.out_trade_no)
    first, again = receiver.notices
    assert (first.transaction_id, first.notice_id) == (again.transaction_id, again.notice_id)


def test_a_spoiled_signature_is_refused_and_acknowledged_as_a_failure(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    (delivery,) = sandbox.pay(order.out_trade_no, corrupt_signature=True)
    assert receiver.notices == [] and len(receiver.rejections) == 1
    if provider.name == "wechat_v3":
        assert delivery.status == 400 and '"code": "FAIL"' in delivery.reply
    else:
        assert "<return_code><![CDATA[FAIL]]></return_code>" in delivery.reply


def test_a_changed_amount_arrives_as_sent_for_the_domain_to_compare(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    sandbox.pay(order.out_trade_no, notified_amount_fen=1)
    assert receiver.notices[0].amount_fen == 1
    assert provider.query(order.out_trade_no).amount_fen == 35000


def test_a_payment_never_notified_is_found_by_query(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    assert sandbox.pay(order.out_trade_no, notify=False) == []
    assert receiver.arrivals == [] and provider.query(order.out_trade_no).state == "SUCCESS"


def test_closing_an_open_order_and_closing_it_again_both_succeed(provider, receiver):
    order = new_order(receiver)
    provider.create_native(order)
    provider.close(order.out_trade_no)
    provider.close(order.out_trade_no)
    assert provider.query(order.out_trade_no).state == "CLOSED"
    with pytest.raises(ProviderRefused) as refused:
        provider.create_native(order)
    assert refused.value.code == REFUSAL_ORDER_CLOSED


def test_closing_an_order_that_never_reached_wechat_succeeds(provider):
    provider.close("E-never-opened")


def test_closing_a_paid_order_is_refused_so_the_payment_is_not_lost(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_native(order)
    sandbox.pay(order.out_trade_no, notify=False)
    with pytest.raises(ProviderRefused) as refused:
        provider.close(order.out_trade_no)
    assert refused.value.code == REFUSAL_ORDER_PAID
    with pytest.raises(ProviderRefused) as again:
        provider.create_native(order)
    assert again.value.code == REFUSAL_ORDER_PAID


def test_an_order_paid_just_before_it_was_closed_still_notifies(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_native(order)
    provider.close(order.out_trade_no)
    sandbox.pay(order.out_trade_no, even_if_closed=True)
    assert receiver.notices[0].out_trade_no == order.out_trade_no


def test_reusing_an_order_number_for_another_amount_is_refused(provider, receiver):
    order = new_order(receiver)
    provider.create_jsapi(order)
    with pytest.raises(ProviderRefused) as refused:
        provider.create_jsapi(replace(order, amount_fen=100))
    assert refused.value.code == REFUSAL_OUT_TRADE_NO_USED


def test_querying_an_unknown_order_is_refused_as_not_existing(provider):
    with pytest.raises(ProviderRefused) as refused:
        provider.query("E-unknown")
    assert refused.value.code == REFUSAL_ORDER_NOT_EXIST


def test_a_partial_refund_is_processing_then_notified_when_it_succeeds(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    sandbox.pay(order.out_trade_no)
    refund = provider.refund(order.out_trade_no, "R" + order.out_trade_no, 10000, 35000,
                             "重复缴费", receiver.url("refund"))
    assert (refund.state, refund.refund_fen, refund.total_fen) == ("PROCESSING", 10000, 35000)
    assert provider.refund(order.out_trade_no, "R" + order.out_trade_no, 10000, 35000,
                           "重复缴费", receiver.url("refund")).refund_id == refund.refund_id
    assert provider.query(order.out_trade_no).state == "REFUND"
    sandbox.finish_refund(refund.out_refund_no)
    notice = receiver.notices[-1]
    assert isinstance(notice, RefundNotice)
    assert (notice.out_refund_no, notice.refund_id, notice.state, notice.refund_fen) == (
        refund.out_refund_no, refund.refund_id, "SUCCESS", 10000)
    queried = provider.query_refund(refund.out_refund_no)
    assert queried.state == "SUCCESS" and queried.succeeded_at == notice.succeeded_at


def test_a_failed_refund_is_notified_as_closed(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    sandbox.pay(order.out_trade_no)
    refund = provider.refund(order.out_trade_no, "R1" + order.out_trade_no, 35000, 35000, "退费",
                             receiver.url("refund"))
    sandbox.finish_refund(refund.out_refund_no, state="CLOSED")
    assert receiver.notices[-1].state == "CLOSED"
    assert provider.query_refund(refund.out_refund_no).state == "CLOSED"


def test_refunding_more_than_was_paid_or_an_unpaid_order_is_refused(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    with pytest.raises(ProviderRefused):
        provider.refund(order.out_trade_no, "R2" + order.out_trade_no, 100, 35000, "x",
                        receiver.url("refund"))
    sandbox.pay(order.out_trade_no, notify=False)
    with pytest.raises(ProviderRefused):
        provider.refund(order.out_trade_no, "R3" + order.out_trade_no, 35001, 35000, "x",
                        receiver.url("refund"))


def test_querying_an_unknown_refund_is_refused_as_not_existing(provider):
    with pytest.raises(ProviderRefused) as refused:
        provider.query_refund("R-unknown")
    assert refused.value.code == REFUSAL_REFUND_NOT_EXIST


def test_a_corrupted_refund_notification_is_refused(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    sandbox.pay(order.out_trade_no, notify=False)
    refund = provider.refund(order.out_trade_no, "R4" + order.out_trade_no, 35000, 35000, "退费",
                             receiver.url("refund"))
    sandbox.finish_refund(refund.out_refund_no, corrupt_signature=True)
    assert receiver.notices == [] and len(receiver.rejections) == 1


def test_the_daily_bill_lists_the_payment_and_the_refund(provider, receiver, sandbox):
    order = new_order(receiver)
    provider.create_jsapi(order)
    sandbox.pay(order.out_trade_no, notify=False)
    refund = provider.refund(order.out_trade_no, "R5" + order.out_trade_no, 5000, 35000, "部分退费",
                             receiver.url("refund"))
    sandbox.finish_refund(refund.out_refund_no, notify=False)
    rows = provider.download_bill(clock.beijing(clock.now()).date())
    paid = provider.query(order.out_trade_no)
    assert [(r.state, r.out_trade_no, r.transaction_id, r.amount_fen, r.refund_fen,
             r.out_refund_no) for r in rows] == [
        ("SUCCESS", order.out_trade_no, paid.transaction_id, 35000, 0, None),
        ("REFUND", order.out_trade_no, paid.transaction_id, 35000, 5000, refund.out_refund_no)]
    assert rows[0].time == paid.paid_at


def test_a_day_without_trades_has_an_empty_bill(provider):
    assert provider.download_bill(date(2026, 1, 5)) == []
