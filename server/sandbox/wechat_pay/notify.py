"""Notifications the sandbox sends to the merchant's notify_url, signed as WeChat signs them.

v3: JSON envelope, resource encrypted with AES-256-GCM (APIv3 key), signed RSA-SHA256 with the
key the merchant's requests named (WeChat Pay public key or platform certificate). v2: XML signed
with the v2 key (MD5 or HMAC-SHA256, as the order was); refunds carry req_info (AES-256-ECB).

Deliveries go to loopback addresses only. Duplicates are sent concurrently (from a barrier); a
delay waits on an event that a reset or stop releases, after which nothing is sent.
"""
from __future__ import annotations

import base64
import json
import secrets
import string
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlsplit

import requests

from server.clock import BEIJING
from server.payments.providers import v2_signing, v2_xml, v3_signing
from server.sandbox.wechat_pay.keys import WeChatPaySettings
from server.sandbox.wechat_pay.world import SandboxOrder, SandboxRefund

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
DELIVERY_TIMEOUT_SECONDS = 5.0
_ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Notification:
    kind: str                # "payment" | "refund"
    out_trade_no: str
    out_refund_no: str | None
    url: str
    headers: dict[str, str]
    body: bytes
    corrupted: bool


@dataclass(frozen=True)
class NotificationDelivery:
    """One POST to the merchant and what it answered (status None: it could not be reached)."""

    at: float
    kind: str
    out_trade_no: str
    out_refund_no: str | None
    url: str
    status: int | None
    reply: str
    error: str | None
    corrupted: bool

    def as_json(self) -> dict:
        return asdict(self)


def _rfc3339(moment: float) -> str:
    return datetime.fromtimestamp(moment, BEIJING).isoformat(timespec="seconds")


def _compact(moment: float) -> str:
    return datetime.fromtimestamp(moment, BEIJING).strftime("%Y%m%d%H%M%S")


def _dashed(moment: float) -> str:
    return datetime.fromtimestamp(moment, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _nonce(length: int = 32) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def _spoil(signature: str) -> str:
    """The same signature with one bit changed (what a forger without the key could send)."""
    raw = bytearray(base64.b64decode(signature))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


class NotificationBuilder:
    def __init__(self, settings: WeChatPaySettings, clock: Callable[[], float]) -> None:
        self._settings = settings
        self._clock = clock

    # -- v3 ---------------------------------------------------------------------------------

    def _v3(self, kind: str, order_signing: str, event_type: str, summary: str,
            original_type: str, resource: dict, url: str, corrupt: bool,
            out_trade_no: str, out_refund_no: str | None, event_key: str) -> Notification:
        settings = self._settings
        nonce = _nonce(12)
        plaintext = json.dumps(resource, ensure_ascii=False).encode("utf-8")
        now = self._clock()
        envelope = {
            # A resend of the same event carries the same id, as WeChat's do.
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, event_key)), "create_time": _rfc3339(now), "resource_type": "encrypt-resource",
            "event_type": event_type, "summary": summary,
            "resource": {"original_type": original_type, "algorithm": v3_signing.ALGORITHM,
                         "ciphertext": v3_signing.encrypt(settings.api_v3_key, nonce,
                                                          original_type, plaintext),
                         "associated_data": original_type, "nonce": nonce}}
        body = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
        timestamp, header_nonce = str(int(now)), _nonce()
        if order_signing == "public_key":
            key, serial = settings.wechatpay_key, settings.public_key_id
        else:
            key, serial = settings.platform_key, settings.platform_serial
        signature = v3_signing.sign(key, v3_signing.message(timestamp, header_nonce, body))
        headers = {"Content-Type": "application/json", "Wechatpay-Timestamp": timestamp,
                   "Wechatpay-Nonce": header_nonce, "Wechatpay-Serial": serial,
                   "Wechatpay-Signature": _spoil(signature) if corrupt else signature,
                   "Wechatpay-Signature-Type": v3_signing.SIGNATURE_TYPE,
                   "Request-ID": str(uuid.uuid4())}
        return Notification(kind, out_trade_no, out_refund_no, url, headers, body, corrupt)

    # -- both APIs --------------------------------------------------------------------------

    def payment(self, order: SandboxOrder, app_id: str, *, amount_fen: int | None = None,
                corrupt: bool = False) -> Notification:
        amount = order.amount_fen if amount_fen is None else amount_fen
        if order.api == "v3":
            resource = {
                "mchid": order.mch_id, "appid": app_id, "out_trade_no": order.out_trade_no,
                "transaction_id": order.transaction_id, "trade_type": order.trade_type,
                "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS",
                "attach": order.attach or "", "success_time": _rfc3339(order.paid_at or 0),
                "payer": {"openid": order.payer_openid},
                "amount": {"total": amount, "payer_total": amount, "currency": "CNY",
                           "payer_currency": "CNY"}}
            return self._v3("payment", order.signing, "TRANSACTION.SUCCESS", "支付成功",
                            "transaction", resource, order.notify_url, corrupt,
                            order.out_trade_no, None, f"transaction/{order.transaction_id}")
        fields = {
            "appid": app_id, "attach": order.attach, "bank_type": "OTHERS", "cash_fee": amount,
            "fee_type": "CNY", "is_subscribe": "N", "mch_id": order.mch_id, "nonce_str": _nonce(),
            "openid": order.payer_openid, "out_trade_no": order.out_trade_no,
            "result_code": "SUCCESS", "return_code": "SUCCESS", "time_end": _compact(order.paid_at or 0),
            "total_fee": amount, "trade_type": order.trade_type,
            "transaction_id": order.transaction_id}
        if order.signing != v2_signing.MD5:
            fields["sign_type"] = order.signing
        fields["sign"] = v2_signing.sign(fields, self._settings.api_v2_key, order.signing)
        if corrupt:
            fields["sign"] = fields["sign"][:-1] + ("0" if fields["sign"][-1] != "0" else "1")
        return Notification("payment", order.out_trade_no, None, order.notify_url,
                            {"Content-Type": "text/xml; charset=utf-8"}, v2_xml.render(fields),
                            corrupt)

    def refund(self, refund: SandboxRefund, order: SandboxOrder, app_id: str, *,
               corrupt: bool = False) -> Notification:
        url = refund.notify_url or order.notify_url
        status = {"SUCCESS": "SUCCESS", "CLOSED": "CLOSED", "ABNORMAL": "ABNORMAL"}[refund.state]
        if refund.api == "v3":
            resource = {
                "mchid": order.mch_id, "out_trade_no": refund.out_trade_no,
                "transaction_id": refund.transaction_id, "out_refund_no": refund.out_refund_no,
                "refund_id": refund.refund_id, "refund_status": status,
                "success_time": _rfc3339(refund.succeeded_at) if refund.succeeded_at else None,
                "user_received_account": "支付用户零钱",
                "amount": {"total": refund.total_fen, "refund": refund.refund_fen,
                           "payer_total": refund.total_fen, "payer_refund": refund.refund_fen}}
            summary = {"SUCCESS": "退款成功", "CLOSED": "退款关闭", "ABNORMAL": "退款异常"}[status]
            return self._v3("refund", refund.signing, f"REFUND.{status}", summary, "refund",
                            resource, url, corrupt, refund.out_trade_no, refund.out_refund_no,
                            f"refund/{refund.refund_id}/{status}")
        inner = v2_xml.render({
            "out_refund_no": refund.out_refund_no, "out_trade_no": refund.out_trade_no,
            "refund_account": "REFUND_SOURCE_RECHARGE_FUNDS", "refund_fee": refund.refund_fen,
            "refund_id": refund.refund_id, "refund_recv_accout": "支付用户零钱",
            "refund_request_source": "API",
            "refund_status": {"SUCCESS": "SUCCESS", "CLOSED": "REFUNDCLOSE", "ABNORMAL": "CHANGE"}[status],
            "settlement_refund_fee": refund.refund_fen, "settlement_total_fee": refund.total_fen,
            "success_time": _dashed(refund.succeeded_at) if refund.succeeded_at else None,
            "total_fee": refund.total_fen, "transaction_id": refund.transaction_id}, root="root")
        key = _nonce() if corrupt else self._settings.api_v2_key  # a forger does not have the key
        body = v2_xml.render({"return_code": "SUCCESS", "appid": app_id, "mch_id": order.mch_id,
                              "nonce_str": _nonce(),
                              "req_info": v2_signing.encrypt_req_info(inner, key)})
        return Notification("refund", refund.out_trade_no, refund.out_refund_no, url,
                            {"Content-Type": "text/xml; charset=utf-8"}, body, corrupt)


class Deliverer:
    """POSTs notifications; keeps what each delivery got back."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._generation = 0
        self._release = threading.Event()
        self._deliveries: list[NotificationDelivery] = []

    def reset(self) -> None:
        """Forget deliveries; delayed ones wake and send nothing."""
        with self._lock:
            self._generation += 1
            self._deliveries = []
            released, self._release = self._release, threading.Event()
        released.set()

    @property
    def deliveries(self) -> list[NotificationDelivery]:
        with self._lock:
            return list(self._deliveries)

    def send(self, notification: Notification, *, copies: int = 1,
             delay_seconds: float = 0.0) -> list[NotificationDelivery]:
        """Deliver `copies` at once (concurrently); with a delay, later and in the background
        (returns [] then; the deliveries appear in `deliveries`)."""
        if copies < 1:
            raise ValueError("copies must be at least 1")
        with self._lock:
            generation, release = self._generation, self._release
        if delay_seconds > 0:
            def later() -> None:
                release.wait(delay_seconds)
                if not release.is_set():
                    self._send_now(notification, copies, generation)
            threading.Thread(target=later, name="sandbox-notify-later", daemon=True).start()
            return []
        return self._send_now(notification, copies, generation)

    def _send_now(self, notification: Notification, copies: int,
                  generation: int) -> list[NotificationDelivery]:
        results: list[NotificationDelivery | None] = [None] * copies
        barrier = threading.Barrier(copies)

        def one(index: int) -> None:
            if copies > 1:
                barrier.wait(timeout=10)
            results[index] = self._post(notification)

        threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DELIVERY_TIMEOUT_SECONDS * 3)
        delivered = [result for result in results if result is not None]
        with self._lock:
            if generation == self._generation:
                self._deliveries.extend(delivered)
        return delivered

    def _post(self, notification: Notification) -> NotificationDelivery:
        status, reply, error = None, "", None
        if urlsplit(notification.url).hostname not in LOOPBACK:
            error = "沙箱只向本机地址发送通知"
        else:
            try:
                response = requests.post(notification.url, data=notification.body,
                                         headers=notification.headers,
                                         timeout=DELIVERY_TIMEOUT_SECONDS)
                status, reply = response.status_code, response.text[:2000]
            except requests.RequestException as problem:
                error = type(problem).__name__
        return NotificationDelivery(
            at=self._clock(), kind=notification.kind, out_trade_no=notification.out_trade_no,
            out_refund_no=notification.out_refund_no, url=notification.url, status=status,
            reply=reply, error=error, corrupted=notification.corrupted)
