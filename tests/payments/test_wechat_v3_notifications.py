"""v3 notifications built here by an independent implementation (cryptography's RSA and AES-GCM
directly, following WeChat Pay's documentation), checked by our provider."""
from __future__ import annotations

import base64
import json
import os
import time

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.payments.providers import NotificationRejected, WeChatPayV3

MCH_ID, APP_ID, KEY_ID = "1900000109", "wxd678efh567hg6787", "PUB_KEY_ID_0119000001092025"
API_V3_KEY = base64.b32encode(os.urandom(20)).decode()[:32]


@pytest.fixture(scope="module")
def wechat_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def provider(wechat_key) -> WeChatPayV3:
    merchant = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = lambda data: data.decode("ascii")  # noqa: E731
    return WeChatPayV3(
        mch_id=MCH_ID, app_id=APP_ID, api_v3_key=API_V3_KEY, cert_serial="5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        private_key_pem=pem(merchant.private_bytes(serialization.Encoding.PEM,
                                                   serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption())),
        public_key_pem=pem(wechat_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)),
        public_key_id=KEY_ID, api_base_url="http://127.0.0.1:9")


def _transaction(**changes) -> dict:
    return {"mchid": MCH_ID, "appid": APP_ID, "out_trade_no": "E20261201001",
            "transaction_id": "4200001234202612011234567890", "trade_type": "JSAPI",
            "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS",
            "attach": "", "success_time": "2026-12-01T10:30:00+08:00",
            "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
            "amount": {"total": 35000, "payer_total": 35000, "currency": "CNY",
                       "payer_currency": "CNY"}, **changes}


def _notification(key: rsa.RSAPrivateKey, resource: dict, *, event="TRANSACTION.SUCCESS",
                  kind="transaction", timestamp: int | None = None, serial: str = KEY_ID,
                  api_v3_key: str = API_V3_KEY) -> tuple[dict[str, str], bytes]:
    nonce = "fdasflkja484"
    ciphertext = AESGCM(api_v3_key.encode()).encrypt(
        nonce.encode(), json.dumps(resource).encode(), kind.encode())
    body = json.dumps({
        "id": "EV-2018022511223320873", "create_time": "2026-12-01T10:30:01+08:00",
        "resource_type": "encrypt-resource", "event_type": event, "summary": "支付成功",
        "resource": {"original_type": kind, "algorithm": "AEAD_AES_256_GCM",
                     "ciphertext": base64.b64encode(ciphertext).decode(),
                     "associated_data": kind, "nonce": nonce}}).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    header_nonce = "593BEC0C930BF1AFEB40B4A08C8FB242"
    signature = key.sign(f"{stamp}\n{header_nonce}\n".encode() + body + b"\n",
                         padding.PKCS1v15(), hashes.SHA256())
    return {"Content-Type": "application/json", "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": header_nonce, "Wechatpay-Serial": serial,
            "Wechatpay-Signature": base64.b64encode(signature).decode(),
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}, body


def _rejected(provider, headers, body) -> str:
    with pytest.raises(NotificationRejected) as rejected:
        provider.parse_payment_notification(headers, body)
    return rejected.value.reason


def test_a_correctly_signed_and_encrypted_notification_is_accepted(provider, wechat_key):
    notice = provider.parse_payment_notification(*_notification(wechat_key, _transaction()))
    assert (notice.notice_id, notice.out_trade_no, notice.transaction_id, notice.amount_fen) == (
        "EV-2018022511223320873", "E20261201001", "4200001234202612011234567890", 35000)
    assert notice.paid_at.isoformat() == "2026-12-01T02:30:00+00:00"
    assert notice.payer_openid == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def test_header_names_are_read_whatever_their_case(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction())
    assert provider.parse_payment_notification({k.lower(): v for k, v in headers.items()}, body)


@pytest.mark.parametrize("index", [0, 40, -3])
def test_the_same_notification_with_one_byte_changed_is_refused(provider, wechat_key, index):
    headers, body = _notification(wechat_key, _transaction())
    changed = bytearray(body)
    changed[index] ^= 0x01
    assert _rejected(provider, headers, bytes(changed)) == "signature invalid"


def test_a_notification_ten_minutes_old_is_refused(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction())
    with time_machine.travel(time.time() + 600, tick=False):
        assert _rejected(provider, headers, body) == "timestamp more than 5 minutes away"


def test_a_notification_four_minutes_old_is_still_accepted(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction())
    with time_machine.travel(time.time() + 240, tick=False):
        assert provider.parse_payment_notification(headers, body).amount_fen == 35000


def test_a_notification_from_ten_minutes_ahead_is_refused(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction(), timestamp=int(time.time()) + 600)
    assert "5 minutes" in _rejected(provider, headers, body)


def test_a_serial_that_names_another_key_is_refused(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction(), serial="PUB_KEY_ID_0000000000")
    assert _rejected(provider, headers, body) == "serial names no key of ours"


def test_a_notification_signed_by_another_key_is_refused(provider):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert _rejected(provider, *_notification(other, _transaction())) == "signature invalid"


def test_another_merchant_or_app_is_refused(provider, wechat_key):
    assert "merchant" in _rejected(provider, *_notification(wechat_key, _transaction(mchid="1")))
    assert "app" in _rejected(provider, *_notification(wechat_key, _transaction(appid="wx0")))


def test_a_resource_not_encrypted_with_our_apiv3_key_is_refused(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction(), api_v3_key="0" * 32)
    assert "decrypt" in _rejected(provider, headers, body)


def test_a_notification_that_is_not_json_or_says_another_content_type_is_refused(provider,
                                                                                 wechat_key):
    headers, body = _notification(wechat_key, _transaction())
    assert "content type" in _rejected(provider, {**headers, "Content-Type": "text/xml"}, body)
    missing = {k: v for k, v in headers.items() if k != "Wechatpay-Signature"}
    assert _rejected(provider, missing, body) == "signature headers missing"


def test_a_refund_event_is_not_taken_for_a_payment(provider, wechat_key):
    headers, body = _notification(wechat_key, _transaction(), event="REFUND.SUCCESS")
    assert "event_type" in _rejected(provider, headers, body)


def test_a_refund_notification_is_read(provider, wechat_key):
    resource = {"mchid": MCH_ID, "out_trade_no": "E20261201001",
                "transaction_id": "4200001234202612011234567890", "out_refund_no": "R001",
                "refund_id": "50000000382019052709732678859", "refund_status": "SUCCESS",
                "success_time": "2026-12-02T09:00:00+08:00", "user_received_account": "支付用户零钱",
                "amount": {"total": 35000, "refund": 35000, "payer_total": 35000,
                           "payer_refund": 35000}}
    notice = provider.parse_refund_notification(
        *_notification(wechat_key, resource, event="REFUND.SUCCESS", kind="refund"))
    assert (notice.out_refund_no, notice.state, notice.refund_fen) == ("R001", "SUCCESS", 35000)


def test_replies_are_what_wechat_expects(provider):
    assert provider.success_reply() == (b"", 204, "application/json")
    body, status, content_type = provider.failure_reply("签名错误")
    assert (json.loads(body), status, content_type) == (
        {"code": "FAIL", "message": "签名错误"}, 400, "application/json")
    assert provider.failure_reply("稍后重试", temporary=True).status == 500
