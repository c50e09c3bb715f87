"""WeChat Pay API v3 (直连商户) through wechatpayv3 2.0.4: JSAPI for the mini-program, Native QR.

wechatpayv3 signs our requests and checks the replies' signatures. Two things it does not do the
way a server needs are fixed in a Core subclass: its gateway is a constant (we point it at the
configured base URL, e.g. the sandbox) and it raises bare Exceptions (we raise ProviderUnavailable).
Notifications are verified here, not by wechatpayv3's `callback()`, because that checks neither
the timestamp nor which key signed, and fetches certificates for any unknown serial a sender
names. Keys: either the WeChat Pay public key (微信支付公钥, `public_key_pem` + `public_key_id`) or
platform certificates kept in `platform_cert_dir` (downloaded and refreshed by wechatpayv3).
"""
from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from wechatpayv3 import WeChatPay, WeChatPayType
from wechatpayv3.core import Core

from server import clock
from server.payments.providers import v3_signing
from server.payments.providers.base import (
    REFUND_STATES,
    REFUSAL_ORDER_CLOSED,
    REFUSAL_ORDER_NOT_EXIST,
    REFUSAL_REFUND_NOT_EXIST,
    TRADE_STATES,
    BillRow,
    JsapiParams,
    NotificationRejected,
    NotificationReply,
    OrderRequest,
    PaymentNotice,
    ProviderRefund,
    ProviderRefused,
    ProviderTrade,
    ProviderUnavailable,
    RefundNotice,
)
from server.payments.providers.bills import parse as parse_bill
from server.payments.providers.formats import beijing_rfc3339, fen, lower_headers, rfc3339
from server.payments.providers.refusals import refusal_or_outage

GATEWAY = "https://api.mch.weixin.qq.com"
NOTIFICATION_MAX_AGE_SECONDS = 300
NOTIFICATION_MAX_BYTES = 64 * 1024
# At most one certificate download per minute, however many unknown serials senders name.
CERTIFICATE_REFRESH_SECONDS = 60
_NO_BILL = frozenset({"NO_STATEMENT_EXIST"})


class _Core(Core):
    """wechatpayv3's Core with a configurable gateway and our error types."""

    # Core.__init__ assigns its fixed gateway (and may fetch certificates through it before it
    # returns): this property keeps ours and ignores that assignment.
    _gate_way = property(lambda self: self._gateway, lambda self, _fixed: None)

    def __init__(self, *, gateway: str, **kwargs: Any) -> None:
        self._gateway = gateway.rstrip("/")
        self._refresh_lock = threading.Lock()
        self._refreshed_at = float("-inf")
        super().__init__(**kwargs)

    def request(self, *args: Any, **kwargs: Any) -> tuple[int, str | bytes]:
        try:
            return super().request(*args, **kwargs)
        except requests.RequestException as error:
            raise ProviderUnavailable(f"WeChat Pay unreachable ({type(error).__name__})") from None

    def _verify_signature(self, headers: Any, body: Any) -> bool:
        try:
            verified = super()._verify_signature(headers, body)
        except ProviderUnavailable:
            raise
        except Exception as error:  # wechatpayv3 raises bare Exception for odd headers
            raise ProviderUnavailable(f"WeChat Pay reply not verifiable ({error})") from None
        if not verified:
            raise ProviderUnavailable("WeChat Pay reply signature invalid")
        return True

    def notification_key(self, serial: str) -> rsa.RSAPublicKey | None:
        """The key `serial` names, if it is ours: the public key's id, or a platform
        certificate's serial (downloading certificates at most once a minute on a miss)."""
        if self._public_key_id is not None:
            return self._public_key if hmac.compare_digest(serial, self._public_key_id) else None
        key = self._certificate_key(serial)
        if key is None and self._may_refresh():
            self._update_certificates()
            key = self._certificate_key(serial)
        return key

    def _certificate_key(self, serial: str) -> rsa.RSAPublicKey | None:
        try:
            number = int(serial, 16)
        except ValueError:
            return None
        for certificate in list(self._certificates):
            if certificate.serial_number == number:
                return certificate.public_key()
        return None

    def _may_refresh(self) -> bool:
        with self._refresh_lock:
            if time.monotonic() - self._refreshed_at < CERTIFICATE_REFRESH_SECONDS:
                return False
            self._refreshed_at = time.monotonic()
            return True


class _Client(WeChatPay):
    """wechatpayv3's API methods over our Core. WeChatPay.__init__ is not called: it would build
    the stock Core; these are the attributes its methods read."""

    def __init__(self, core: _Core, *, app_id: str, mch_id: str) -> None:
        self._core = core
        self._type = WeChatPayType.MINIPROG
        self._appid = app_id
        self._mchid = mch_id
        self._notify_url = None
        self._partner_mode = False


class WeChatPayV3:
    """PaymentProvider for API v3. Build it with `server.payments.build_payment_provider`."""

    name = "wechat_v3"

    def __init__(self, *, mch_id: str, app_id: str, api_v3_key: str, private_key_pem: str,
                 cert_serial: str, public_key_pem: str | None = None,
                 public_key_id: str | None = None, platform_cert_dir: str | None = None,
                 api_base_url: str | None = None, timeout: float = 5.0,
                 clock_now: Callable[[], datetime] = clock.now) -> None:
        if (public_key_pem is None) != (public_key_id is None):
            raise ValueError("the WeChat Pay public key needs both the key and its id")
        if (public_key_pem is None) == (platform_cert_dir is None):
            raise ValueError("give either the WeChat Pay public key or a platform certificate dir")
        self.mch_id, self.app_id = mch_id, app_id
        self._api_v3_key = api_v3_key
        self._now = clock_now
        self._gateway = (api_base_url or GATEWAY).rstrip("/")
        self._core = _Core(gateway=self._gateway, mchid=mch_id, cert_serial_no=cert_serial,
                           private_key=private_key_pem, apiv3_key=api_v3_key,
                           cert_dir=platform_cert_dir, timeout=timeout,
                           public_key=public_key_pem, public_key_id=public_key_id)
        self._client = _Client(self._core, app_id=app_id, mch_id=mch_id)

    def __repr__(self) -> str:  # never a key
        return f"WeChatPayV3(mch_id={self.mch_id!r}, gateway={self._gateway!r})"

    # -- orders -------------------------------------------------------------------------------

    def create_jsapi(self, order: OrderRequest) -> JsapiParams:
        if not order.payer_openid:
            raise ValueError("JSAPI needs the payer's openid")
        reply = self._open(order, WeChatPayType.MINIPROG, payer={"openid": order.payer_openid})
        prepay_id = _text(reply, "prepay_id")
        time_stamp = str(int(self._now().timestamp()))
        nonce = secrets.token_hex(16)
        package = f"prepay_id={prepay_id}"
        pay_sign = self._client.sign([self.app_id, time_stamp, nonce, package])
        return JsapiParams(app_id=self.app_id, time_stamp=time_stamp, nonce_str=nonce,
                           package=package, sign_type="RSA", pay_sign=pay_sign)

    def create_native(self, order: OrderRequest) -> str:
        return _text(self._open(order, WeChatPayType.NATIVE), "code_url")

    def _open(self, order: OrderRequest, pay_type: WeChatPayType, **extra: Any) -> dict[str, Any]:
        scene = {"payer_client_ip": order.client_ip} if order.client_ip else None
        return _json(*self._client.pay(
            description=order.description, out_trade_no=order.out_trade_no,
            amount={"total": order.amount_fen, "currency": "CNY"},
            time_expire=beijing_rfc3339(order.expires_at), attach=order.attach,
            notify_url=order.notify_url, scene_info=scene, pay_type=pay_type, **extra))

    def query(self, out_trade_no: str) -> ProviderTrade:
        return _readable(_trade, _json(*self._client.query(out_trade_no=out_trade_no)))

    def close(self, out_trade_no: str) -> None:
        try:
            _json(*self._client.close(out_trade_no))
        except ProviderRefused as refused:
            if refused.code not in (REFUSAL_ORDER_CLOSED, REFUSAL_ORDER_NOT_EXIST):
                raise

    # -- refunds ------------------------------------------------------------------------------

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int,
               reason: str, notify_url: str) -> ProviderRefund:
        reply = _json(*self._client.refund(
            out_refund_no=out_refund_no, out_trade_no=out_trade_no, reason=reason or None,
            amount={"refund": refund_fen, "total": total_fen, "currency": "CNY"},
            notify_url=notify_url), not_found=REFUSAL_ORDER_NOT_EXIST)
        return _readable(_refund, reply)

    def query_refund(self, out_refund_no: str) -> ProviderRefund:
        reply = _json(*self._client.query_refund(out_refund_no),
                      not_found=REFUSAL_REFUND_NOT_EXIST)
        return _readable(_refund, reply)

    # -- notifications ------------------------------------------------------------------------

    def parse_payment_notification(self, headers: Mapping[str, str], body: bytes) -> PaymentNotice:
        envelope, resource = self._verified(headers, body, "transaction")
        if envelope.get("event_type") != "TRANSACTION.SUCCESS":
            raise NotificationRejected(f"unexpected event_type {envelope.get('event_type')!r}")
        trade = _notified(_trade, resource)
        self._check_merchant(trade.mch_id, trade.app_id)
        if trade.state != "SUCCESS" or not trade.transaction_id:
            raise NotificationRejected(f"payment notification in state {trade.state!r}")
        return PaymentNotice(notice_id=str(envelope.get("id") or ""), out_trade_no=trade.out_trade_no,
                             transaction_id=trade.transaction_id, state=trade.state,
                             amount_fen=trade.amount_fen, paid_at=trade.paid_at,
                             app_id=trade.app_id or "", mch_id=trade.mch_id or "",
                             payer_openid=trade.payer_openid, attach=trade.attach)

    def parse_refund_notification(self, headers: Mapping[str, str], body: bytes) -> RefundNotice:
        envelope, resource = self._verified(headers, body, "refund")
        if not str(envelope.get("event_type", "")).startswith("REFUND."):
            raise NotificationRejected(f"unexpected event_type {envelope.get('event_type')!r}")
        self._check_merchant(resource.get("mchid"), None)
        refund = _notified(_refund, resource)
        return RefundNotice(notice_id=str(envelope.get("id") or ""),
                            out_refund_no=refund.out_refund_no, out_trade_no=refund.out_trade_no,
                            refund_id=refund.refund_id or "", transaction_id=refund.transaction_id,
                            state=refund.state, refund_fen=refund.refund_fen,
                            total_fen=refund.total_fen, succeeded_at=refund.succeeded_at,
                            mch_id=self.mch_id)

    def _verified(self, headers: Mapping[str, str], body: bytes,
                  original_type: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Signature (by the configured key), timestamp, then the decrypted resource."""
        if len(body) > NOTIFICATION_MAX_BYTES:
            raise NotificationRejected("body too large")
        given = lower_headers(headers)
        if "application/json" not in given.get("content-type", ""):
            raise NotificationRejected("content type is not JSON")
        if given.get("wechatpay-signature-type", v3_signing.SIGNATURE_TYPE) \
                != v3_signing.SIGNATURE_TYPE:
            raise NotificationRejected("unknown signature type")
        timestamp, nonce = given.get("wechatpay-timestamp", ""), given.get("wechatpay-nonce", "")
        signature, serial = given.get("wechatpay-signature", ""), given.get("wechatpay-serial", "")
        if not (timestamp.isdigit() and nonce and signature and serial):
            raise NotificationRejected("signature headers missing")
        if abs(self._now().timestamp() - int(timestamp)) > NOTIFICATION_MAX_AGE_SECONDS:
            raise NotificationRejected("timestamp more than 5 minutes away")
        key = self._core.notification_key(serial)
        if key is None:
            raise NotificationRejected("serial names no key of ours")
        if not v3_signing.verify(key, v3_signing.message(timestamp, nonce, body), signature):
            raise NotificationRejected("signature invalid")
        envelope = _json_object(body, "body")
        resource = envelope.get("resource")
        if envelope.get("resource_type") != "encrypt-resource" or not isinstance(resource, dict):
            raise NotificationRejected("no encrypted resource")
        if resource.get("algorithm") != v3_signing.ALGORITHM \
                or resource.get("original_type") not in (None, original_type):
            raise NotificationRejected("unexpected resource algorithm or type")
        try:
            plaintext = v3_signing.decrypt(self._api_v3_key, str(resource.get("nonce", "")),
                                           str(resource.get("associated_data") or ""),
                                           str(resource.get("ciphertext", "")))
        except ValueError as error:
            raise NotificationRejected(str(error)) from None
        return envelope, _json_object(plaintext, "resource")

    def _check_merchant(self, mch_id: Any, app_id: Any) -> None:
        if mch_id != self.mch_id:
            raise NotificationRejected("notification for another merchant")
        if app_id is not None and app_id != self.app_id:
            raise NotificationRejected("notification for another app")

    def success_reply(self) -> NotificationReply:
        return NotificationReply(b"", 204, "application/json")

    def failure_reply(self, message: str, *, temporary: bool = False) -> NotificationReply:
        body = json.dumps({"code": "FAIL", "message": message}, ensure_ascii=False).encode()
        return NotificationReply(body, 500 if temporary else 400, "application/json")

    # -- bills --------------------------------------------------------------------------------

    def download_bill(self, day: date) -> list[BillRow]:
        try:
            reply = _json(*self._client.trade_bill(bill_date=day.isoformat()))
        except ProviderRefused as refused:
            if refused.provider_code in _NO_BILL:
                return []
            raise
        url, digest = _text(reply, "download_url"), _text(reply, "hash_value")
        if not url.startswith(self._gateway + "/"):
            raise ProviderUnavailable("bill download URL outside the gateway")
        status, content = self._client.download_bill(url)
        if status != 200 or not isinstance(content, bytes):
            _json(status, content)
            raise ProviderUnavailable(f"bill download answered HTTP {status}")
        try:
            text = gzip.decompress(content)
        except (OSError, EOFError):
            raise ProviderUnavailable("bill is not gzip") from None
        if not hmac.compare_digest(hashlib.sha1(text).hexdigest(), digest.lower()):
            raise ProviderUnavailable("bill hash mismatch")
        return _readable(parse_bill, text.decode("utf-8"))


# -- reading replies --------------------------------------------------------------------------

def _json(status: int, body: str | bytes, *, not_found: str = REFUSAL_ORDER_NOT_EXIST) -> dict:
    """A 2xx reply's JSON object ({} when empty), or the right exception for an error reply."""
    if 200 <= status < 300:
        parsed = _readable(json.loads, body) if body else {}
        if not isinstance(parsed, dict):
            raise ProviderUnavailable("WeChat Pay reply is not a JSON object")
        return parsed
    try:
        error = json.loads(body)
        code, message = str(error["code"]), str(error.get("message", ""))
    except (ValueError, TypeError, KeyError):
        raise ProviderUnavailable(f"WeChat Pay answered HTTP {status}") from None
    if status >= 500 or status == 429:
        raise ProviderUnavailable(f"WeChat Pay answered HTTP {status} {code}")
    raise refusal_or_outage(code, message, not_found=not_found)


def _readable(read: Callable[..., Any], *args: Any) -> Any:
    """Unexpected shapes in a reply are the provider's trouble: temporary, not a crash."""
    try:
        return read(*args)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ProviderUnavailable(f"unreadable WeChat Pay reply ({error!r})") from None


def _notified(read: Callable[[dict], Any], resource: dict) -> Any:
    try:
        return read(resource)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise NotificationRejected(f"unreadable resource ({error!r})") from None


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        parsed = json.loads(data)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise NotificationRejected(f"{what} is not a JSON object")
    return parsed


def _text(reply: dict[str, Any], key: str) -> str:
    value = reply.get(key)
    if not isinstance(value, str) or not value:
        raise ProviderUnavailable(f"WeChat Pay reply without {key}")
    return value


def _trade(data: dict[str, Any]) -> ProviderTrade:
    state = data["trade_state"]
    if state not in TRADE_STATES:
        raise ValueError(f"unknown trade_state {state!r}")
    return ProviderTrade(
        out_trade_no=data["out_trade_no"], state=state, amount_fen=fen(data["amount"]["total"]),
        transaction_id=data.get("transaction_id") or None, paid_at=rfc3339(data.get("success_time")),
        payer_openid=(data.get("payer") or {}).get("openid"), app_id=data.get("appid"),
        mch_id=data.get("mchid"), trade_type=data.get("trade_type") or None,
        attach=data.get("attach") or None)


def _refund(data: dict[str, Any]) -> ProviderRefund:
    state = data.get("status") or data["refund_status"]
    if state not in REFUND_STATES:
        raise ValueError(f"unknown refund status {state!r}")
    return ProviderRefund(
        out_refund_no=data["out_refund_no"], out_trade_no=data["out_trade_no"], state=state,
        refund_fen=fen(data["amount"]["refund"]), total_fen=fen(data["amount"]["total"]),
        refund_id=data.get("refund_id"), transaction_id=data.get("transaction_id"),
        succeeded_at=rfc3339(data.get("success_time")))
