"""The WeChat Pay stand-in checks what a real gateway checks, signs what it signs, and plays the
payer's side on request (Python API, JSON control endpoints, the page's buttons)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from server import clock
from server.payments.providers import OrderRequest
from server.sandbox.wechat_pay import SandboxPayError
from server.sandbox.wechat_pay.notify import Deliverer, Notification
from tests.payments.conftest import new_order, provider_for
from tests.payments.receiver import NotificationReceiver


@pytest.fixture(scope="module")
def receiver_module() -> Iterator[NotificationReceiver]:
    server = NotificationReceiver()
    yield server
    server.stop()


@pytest.fixture
def receiver(receiver_module, sandbox) -> NotificationReceiver:
    receiver_module.clear()
    receiver_module.provider = provider_for(sandbox)
    return receiver_module


def _v3(sandbox, method: str, path: str, body: dict | None = None, *, timestamp: int | None = None,
        serial: str | None = None, names_public_key: bool = True) -> requests.Response:
    """A v3 request signed here with cryptography (not wechatpayv3), as the docs describe."""
    pay = sandbox.settings.wechat_pay
    data = json.dumps(body) if body is not None else ""
    stamp, nonce = str(timestamp or int(time.time())), secrets.token_hex(16)
    signature = base64.b64encode(pay.merchant_key.sign(
        f"{method}\n{path}\n{stamp}\n{nonce}\n{data}\n".encode(), padding.PKCS1v15(),
        hashes.SHA256())).decode()
    headers = {"Content-Type": "application/json", "Accept": "application/json",
               "Authorization": f'WECHATPAY2-SHA256-RSA2048 mchid="{pay.mch_id}",nonce_str="{nonce}",'
                                f'signature="{signature}",timestamp="{stamp}",'
                                f'serial_no="{serial or pay.merchant_serial}"'}
    if names_public_key:
        headers["Wechatpay-Serial"] = pay.public_key_id
    return requests.request(method, sandbox.base_url.rstrip("/") + path, data=data or None,
                            headers=headers, timeout=5)


def _verifies(reply: requests.Response, public_key) -> bool:
    message = (f"{reply.headers['Wechatpay-Timestamp']}\n{reply.headers['Wechatpay-Nonce']}\n"
               .encode() + reply.content + b"\n")
    try:
        public_key.verify(base64.b64decode(reply.headers["Wechatpay-Signature"]), message,
                          padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def test_an_unsigned_v3_request_is_refused(sandbox):
    reply = requests.get(sandbox.base_url + "v3/pay/transactions/out-trade-no/E1?mchid=1", timeout=5)
    assert reply.status_code == 401 and reply.json()["code"] == "SIGN_ERROR"


def test_a_v3_request_signed_here_is_accepted_and_stale_or_wrong_serial_ones_refused(sandbox):
    pay = sandbox.settings.wechat_pay
    path = f"/v3/pay/transactions/out-trade-no/E-none?mchid={pay.mch_id}"
    assert _v3(sandbox, "GET", path).json()["code"] == "ORDER_NOT_EXIST"
    stale = _v3(sandbox, "GET", path, timestamp=int(time.time()) - 600)
    wrong = _v3(sandbox, "GET", path, serial="0" * 40)
    assert [stale.status_code, wrong.status_code] == [401, 401]


def test_replies_are_signed_by_the_key_the_request_named(sandbox):
    pay = sandbox.settings.wechat_pay
    path = f"/v3/pay/transactions/out-trade-no/E-none?mchid={pay.mch_id}"
    by_public_key = _v3(sandbox, "GET", path)
    by_certificate = _v3(sandbox, "GET", path, names_public_key=False)
    assert by_public_key.headers["Wechatpay-Serial"] == pay.public_key_id
    assert _verifies(by_public_key, pay.wechatpay_key.public_key())
    assert by_certificate.headers["Wechatpay-Serial"] == pay.platform_serial
    assert _verifies(by_certificate, pay.platform_certificate.public_key())
    assert not _verifies(by_certificate, pay.wechatpay_key.public_key())


def test_a_v3_order_needs_the_merchants_app_and_an_amount_in_fen(sandbox):
    pay = sandbox.settings.wechat_pay
    body = {"appid": sandbox.settings.wechat_appid, "mchid": pay.mch_id, "description": "培训费",
            "out_trade_no": "E-v3-1", "notify_url": "http://127.0.0.1:9/n",
            "amount": {"total": 350.0}, "payer": {"openid": "o1"}}
    assert _v3(sandbox, "POST", "/v3/pay/transactions/jsapi", body).json()["code"] == "PARAM_ERROR"
    other_app = {**body, "appid": "wx-other", "amount": {"total": 35000}}
    assert _v3(sandbox, "POST", "/v3/pay/transactions/jsapi", other_app).json()["code"] == (
        "APPID_MCHID_NOT_MATCH")


def _v2_post(sandbox, path: str, fields: dict, key: str, sign_type: str = "MD5") -> str:
    if sign_type != "MD5":
        fields = {**fields, "sign_type": sign_type}
    text = "&".join(f"{k}={fields[k]}" for k in sorted(fields) if fields[k]) + f"&key={key}"
    fields["sign"] = hashlib.md5(text.encode()).hexdigest().upper()
    xml = "<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in fields.items()) + "</xml>"
    return requests.post(sandbox.base_url + path, data=xml.encode(), timeout=5).text


def test_a_v2_request_with_a_wrong_signature_or_a_dtd_is_refused(sandbox):
    pay = sandbox.settings.wechat_pay
    fields = {"appid": sandbox.settings.wechat_appid, "mch_id": pay.mch_id,
              "nonce_str": "n1", "out_trade_no": "E-none"}
    assert "ORDERNOTEXIST" in _v2_post(sandbox, "pay/orderquery", fields, pay.api_v2_key)
    assert "签名错误" in _v2_post(sandbox, "pay/orderquery", fields, "0" * 32)
    dtd = b'<!DOCTYPE xml [<!ENTITY e "x">]><xml><mch_id>&e;</mch_id></xml>'
    assert "XML格式错误" in requests.post(sandbox.base_url + "pay/orderquery", data=dtd,
                                          timeout=5).text


def test_paying_needs_an_open_order(sandbox, receiver):
    provider = receiver.provider
    order = new_order(receiver)
    with pytest.raises(SandboxPayError, match="没有订单"):
        sandbox.pay(order.out_trade_no)
    provider.create_native(order)
    provider.close(order.out_trade_no)
    with pytest.raises(SandboxPayError, match="已关闭"):
        sandbox.pay(order.out_trade_no)
    sandbox.pay(order.out_trade_no, even_if_closed=True)
    with pytest.raises(SandboxPayError, match="已支付"):
        sandbox.pay(order.out_trade_no)


def test_notifications_go_to_loopback_addresses_only(sandbox, receiver):
    order = OrderRequest(out_trade_no="E-outside", amount_fen=35000, description="培训费",
                         notify_url="https://pay.example.com/notify",
                         expires_at=clock.now() + timedelta(hours=2))
    receiver.provider.create_native(order)
    (delivery,) = sandbox.pay(order.out_trade_no)
    assert delivery.status is None and "本机" in delivery.error


def test_a_delayed_notification_arrives_later(sandbox, receiver):
    order = new_order(receiver)
    receiver.provider.create_jsapi(order)
    assert sandbox.pay(order.out_trade_no, delay_seconds=0.05) == []
    assert receiver.wait_for(1)
    assert receiver.notices[0].out_trade_no == order.out_trade_no


def test_a_reset_drops_a_delayed_notification_unsent(receiver):
    deliverer = Deliverer(time.time)
    notification = Notification("payment", "E1", None, receiver.url(), {}, b"", False)
    deliverer.send(notification, delay_seconds=60)
    deliverer.reset()
    for thread in threading.enumerate():
        if thread.name == "sandbox-notify-later":
            thread.join(timeout=5)
    assert receiver.arrivals == [] and deliverer.deliveries == []


def test_the_control_endpoint_pays_and_lists_what_was_sent(sandbox, receiver):
    order = new_order(receiver)
    receiver.provider.create_jsapi(order)
    reply = requests.post(sandbox.base_url + "sandbox/wechat-pay/pay", timeout=5,
                          json={"out_trade_no": order.out_trade_no, "copies": 3})
    assert reply.status_code == 200 and [d["status"] for d in reply.json()["deliveries"]] == [204] * 3
    listed = requests.get(sandbox.base_url + "sandbox/wechat-pay/orders", timeout=5).json()
    assert [(o["out_trade_no"], o["state"]) for o in listed["orders"]] == [
        (order.out_trade_no, "SUCCESS")]
    sent = requests.get(sandbox.base_url + "sandbox/wechat-pay/notifications", timeout=5).json()
    assert len(sent["deliveries"]) == 3
    again = requests.post(sandbox.base_url + "sandbox/wechat-pay/pay", timeout=5,
                          json={"out_trade_no": order.out_trade_no})
    assert again.status_code == 409 and "已支付" in again.json()["message"]


def test_the_page_lists_open_orders_first_and_its_button_pays(sandbox, receiver):
    provider = receiver.provider
    paid, open_order = new_order(receiver), new_order(receiver)
    provider.create_jsapi(paid)
    sandbox.pay(paid.out_trade_no, notify=False)
    provider.create_native(open_order)
    page = requests.get(sandbox.base_url + "sandbox/wechat-pay", timeout=5).text
    listed = re.findall(r'data-out-trade-no="([^"]+)" data-state="(\w+)"', page)
    assert listed == [(open_order.out_trade_no, "NOTPAY"), (paid.out_trade_no, "SUCCESS")]
    assert page.count('class="pay-button"') == 1
    reply = requests.post(sandbox.base_url + "sandbox/wechat-pay/pay", timeout=5,
                          data={"out_trade_no": open_order.out_trade_no, "copies": "2"})
    assert reply.history[0].status_code == 302 and "通知应答：204, 204" in reply.text
    assert provider.query(open_order.out_trade_no).state == "SUCCESS"
    assert len(receiver.notices) == 2


def test_the_page_completes_a_refund(sandbox, receiver):
    provider = receiver.provider
    order = new_order(receiver)
    provider.create_jsapi(order)
    sandbox.pay(order.out_trade_no, notify=False)
    refund = provider.refund(order.out_trade_no, "R-page", 35000, 35000, "退费", receiver.url("refund"))
    page = requests.get(sandbox.base_url + "sandbox/wechat-pay", timeout=5).text
    assert 'data-out-refund-no="R-page"' in page and 'class="refund-button"' in page
    requests.post(sandbox.base_url + "sandbox/wechat-pay/refunds/finish", timeout=5,
                  data={"out_refund_no": refund.out_refund_no, "state": "SUCCESS"})
    assert provider.query_refund(refund.out_refund_no).state == "SUCCESS"
    assert receiver.notices[-1].refund_id == refund.refund_id


def test_bad_control_options_are_refused_with_a_message(sandbox):
    reply = requests.post(sandbox.base_url + "sandbox/wechat-pay/pay", timeout=5,
                          json={"out_trade_no": "E1", "copies": 1000})
    assert reply.status_code == 400 and "copies" in reply.json()["message"]


def test_the_sandbox_index_links_the_payment_page(sandbox):
    assert "/sandbox/wechat-pay" in requests.get(sandbox.base_url + "sandbox/", timeout=5).text


def test_the_key_files_are_written_at_start_and_private(sandbox):
    files = sandbox.wechat_pay_key_files
    assert files.merchant_private_key.stat().st_mode & 0o077 == 0
    assert files.wechatpay_public_key.read_text().startswith("-----BEGIN PUBLIC KEY-----")
