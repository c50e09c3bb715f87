"""v2 notifications built here with hashlib/hmac and cryptography's AES directly (WeChat Pay's
documented algorithms), checked by our provider: both sign types, in constant time, safely parsed."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from server.payments.providers import NotificationRejected, WeChatPayV2

MCH_ID, APP_ID, KEY = "10000100", "wxd930ea5d5a258f4f", "192006250b4c09247ec02edce69f6a2d"
XML = {"Content-Type": "text/xml"}


@pytest.fixture(scope="module")
def provider() -> WeChatPayV2:
    return WeChatPayV2(mch_id=MCH_ID, app_id=APP_ID, api_key=KEY, client_cert_path=None,
                       client_key_path=None, api_base_url="http://127.0.0.1:9")


def _signed(fields: dict[str, str], sign_type: str = "MD5", key: str = KEY) -> bytes:
    if sign_type != "MD5":
        fields = {**fields, "sign_type": sign_type}
    text = "&".join(f"{k}={fields[k]}" for k in sorted(fields) if fields[k]) + f"&key={key}"
    sign = (hashlib.md5(text.encode()).hexdigest() if sign_type == "MD5"
            else hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()).upper()
    items = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    return f"<xml>{items}<sign><![CDATA[{sign}]]></sign></xml>".encode()


def _payment(**changes: str) -> dict[str, str]:
    return {"appid": APP_ID, "bank_type": "CFT", "cash_fee": "35000", "fee_type": "CNY",
            "is_subscribe": "N", "mch_id": MCH_ID, "nonce_str": "5d2b6c2a8db53831f7eda20af46e531c",
            "openid": "oUpF8uMEb4qRXf22hE3X68TekukE", "out_trade_no": "E20261201001",
            "result_code": "SUCCESS", "return_code": "SUCCESS", "time_end": "20261201103000",
            "total_fee": "35000", "trade_type": "JSAPI",
            "transaction_id": "4200001234202612011234567890", **changes}


def _rejected(parse, body: bytes, headers=XML) -> str:
    with pytest.raises(NotificationRejected) as rejected:
        parse(headers, body)
    return rejected.value.reason


@pytest.mark.parametrize("sign_type", ["MD5", "HMAC-SHA256"])
def test_a_signed_payment_notification_is_accepted_with_either_sign_type(provider, sign_type):
    notice = provider.parse_payment_notification(XML, _signed(_payment(), sign_type))
    assert (notice.out_trade_no, notice.transaction_id, notice.amount_fen, notice.state) == (
        "E20261201001", "4200001234202612011234567890", 35000, "SUCCESS")
    assert notice.paid_at.isoformat() == "2026-12-01T02:30:00+00:00"
    assert notice.notice_id == notice.transaction_id


@pytest.mark.parametrize("sign_type", ["MD5", "HMAC-SHA256"])
def test_a_forged_signature_is_refused(provider, sign_type):
    forged = _signed(_payment(), sign_type, key="0" * 32)
    assert _rejected(provider.parse_payment_notification, forged) == "signature invalid"


def test_a_changed_field_breaks_the_signature(provider):
    body = _signed(_payment()).replace(b"<total_fee><![CDATA[35000]]>", b"<total_fee><![CDATA[1]]>")
    assert b"<total_fee><![CDATA[1]]>" in body
    assert _rejected(provider.parse_payment_notification, body) == "signature invalid"


def test_a_sign_type_downgraded_after_signing_is_refused(provider):
    body = _signed(_payment(), "HMAC-SHA256").replace(b"HMAC-SHA256", b"MD5")
    assert _rejected(provider.parse_payment_notification, body) == "signature invalid"


def test_an_xml_bomb_is_refused_without_expanding_it(provider):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b"<xml><return_code>&c;</return_code></xml>")
    assert "forbidden" in _rejected(provider.parse_payment_notification, bomb)


def test_entities_and_dtds_are_refused_even_when_signed(provider):
    body = _signed(_payment()).replace(b"<xml>", b'<!DOCTYPE xml [<!ENTITY x "E">]><xml>', 1)
    assert "forbidden" in _rejected(provider.parse_payment_notification, body)


@pytest.mark.parametrize("body", [b"", b"{}", b"<xml><a>", b"<xml><return_code>FAIL</return_code></xml>"])
def test_bad_or_failed_xml_is_refused(provider, body):
    with pytest.raises(NotificationRejected):
        provider.parse_payment_notification(XML, body)


def test_a_json_content_type_is_refused(provider):
    assert "content type" in _rejected(provider.parse_payment_notification, _signed(_payment()),
                                       {"Content-Type": "application/json"})


def test_another_merchant_or_app_is_refused_even_when_signed(provider):
    assert "merchant" in _rejected(provider.parse_payment_notification,
                                   _signed(_payment(mch_id="1")))
    assert "app" in _rejected(provider.parse_payment_notification, _signed(_payment(appid="wx1")))


def test_a_failed_payment_notification_is_read_as_not_paid(provider):
    notice = provider.parse_payment_notification(XML, _signed(_payment(
        result_code="FAIL", transaction_id="")))
    assert notice.state == "PAYERROR"


def _req_info(inner: bytes, key: str = KEY) -> str:
    aes_key = hashlib.md5(key.encode()).hexdigest().encode()
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(aes_key), modes.ECB()).encryptor()
    data = padder.update(inner) + padder.finalize()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


INNER = (b"<root><out_refund_no><![CDATA[R001]]></out_refund_no>"
         b"<out_trade_no><![CDATA[E20261201001]]></out_trade_no>"
         b"<refund_id><![CDATA[50000408942018111907145868882]]></refund_id>"
         b"<refund_fee><![CDATA[35000]]></refund_fee><total_fee><![CDATA[35000]]></total_fee>"
         b"<refund_status><![CDATA[SUCCESS]]></refund_status>"
         b"<success_time><![CDATA[2026-12-02 09:00:00]]></success_time>"
         b"<transaction_id><![CDATA[4200001234202612011234567890]]></transaction_id></root>")


def _refund_body(req_info: str, mch_id: str = MCH_ID) -> bytes:
    return (f"<xml><return_code>SUCCESS</return_code><appid><![CDATA[{APP_ID}]]></appid>"
            f"<mch_id><![CDATA[{mch_id}]]></mch_id><nonce_str><![CDATA[abc]]></nonce_str>"
            f"<req_info><![CDATA[{req_info}]]></req_info></xml>").encode()


def test_a_refund_notification_is_decrypted_and_read(provider):
    notice = provider.parse_refund_notification(XML, _refund_body(_req_info(INNER)))
    assert (notice.out_refund_no, notice.state, notice.refund_fen, notice.refund_id) == (
        "R001", "SUCCESS", 35000, "50000408942018111907145868882")
    assert notice.succeeded_at.isoformat() == "2026-12-02T01:00:00+00:00"


def test_a_refund_notification_encrypted_with_another_key_is_refused(provider):
    assert "req_info" in _rejected(provider.parse_refund_notification,
                                   _refund_body(_req_info(INNER, key="0" * 32)))


def test_a_refund_notification_for_another_merchant_is_refused(provider):
    assert "merchant" in _rejected(provider.parse_refund_notification,
                                   _refund_body(_req_info(INNER), mch_id="1"))


def test_an_encrypted_inner_xml_with_entities_is_refused(provider):
    inner = b'<!DOCTYPE root [<!ENTITY x "R001">]>' + INNER.replace(b"<![CDATA[R001]]>", b"&x;")
    assert "forbidden" in _rejected(provider.parse_refund_notification,
                                    _refund_body(_req_info(inner)))


def test_replies_are_the_xml_wechat_expects(provider):
    assert provider.success_reply() == (
        b"<xml><return_code><![CDATA[SUCCESS]]></return_code>"
        b"<return_msg><![CDATA[OK]]></return_msg></xml>", 200, "text/xml; charset=utf-8")
    body, status, _ = provider.failure_reply("签名失败")
    assert status == 200 and body == ("<xml><return_code><![CDATA[FAIL]]></return_code>"
                                      "<return_msg><![CDATA[签名失败]]></return_msg></xml>").encode()
