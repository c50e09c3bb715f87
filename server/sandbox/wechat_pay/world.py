"""The WeChat Pay side of the sandbox: one merchant's orders and refunds, as both APIs see them.

State changes here, under one lock; the v3 and v2 endpoints only translate. Refusals carry both
APIs' spellings. Times are sandbox-clock seconds (time.time, which time-machine moves).
"""
from __future__ import annotations

import secrets
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from server.clock import BEIJING


@dataclass(frozen=True)
class Refusal(Exception):
    """A business error: HTTP status and code for v3, err_code for v2, and WeChat's message."""

    v3_status: int
    v3_code: str
    v2_code: str
    message: str


ORDER_PAID = Refusal(403, "ORDERPAID", "ORDERPAID", "该订单已支付")
ORDER_CLOSED = Refusal(400, "ORDER_CLOSED", "ORDERCLOSED", "订单已关闭")
ORDER_NOT_EXIST = Refusal(404, "ORDER_NOT_EXIST", "ORDERNOTEXIST", "订单不存在")
OUT_TRADE_NO_USED = Refusal(403, "OUT_TRADE_NO_USED", "OUT_TRADE_NO_USED", "商户订单号重复")
REFUND_ORDER_NOT_EXIST = Refusal(404, "RESOURCE_NOT_EXISTS", "ORDERNOTEXIST", "订单不存在")
REFUND_NOT_EXIST = Refusal(404, "RESOURCE_NOT_EXISTS", "REFUNDNOTEXIST", "退款单不存在")
NOT_PAID = Refusal(400, "INVALID_REQUEST", "TRADE_STATE_ERROR", "订单未支付，不能退款")
TOTAL_MISMATCH = Refusal(400, "PARAM_ERROR", "PARAM_ERROR", "订单金额与原订单不一致")
REFUND_TOO_MUCH = Refusal(400, "INVALID_REQUEST", "ERROR", "申请退款金额超过订单可退金额")
REFUND_NO_USED = Refusal(400, "INVALID_REQUEST", "PARAM_ERROR", "退款单号已用于其他退款")


class SandboxPayError(ValueError):
    """A "the user paid" request the sandbox cannot play (unknown order, already paid...)."""


def _digits(count: int) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(count))


@dataclass
class SandboxOrder:
    api: str                 # "v3" | "v2"
    out_trade_no: str
    trade_type: str          # JSAPI | NATIVE
    app_id: str
    mch_id: str
    description: str
    amount_fen: int
    notify_url: str
    created_at: float
    expires_at: float | None
    payer_openid: str | None
    attach: str | None
    prepay_id: str
    code_url: str | None
    signing: str             # v3: "public_key" | "certificate"; v2: "MD5" | "HMAC-SHA256"
    state: str = "NOTPAY"
    transaction_id: str | None = None
    paid_at: float | None = None
    refunded_fen: int = 0

    @property
    def is_paid(self) -> bool:
        return self.state in ("SUCCESS", "REFUND")

    def as_json(self) -> dict:
        return {name: getattr(self, name) for name in (
            "api", "out_trade_no", "trade_type", "description", "amount_fen", "notify_url",
            "state", "transaction_id", "payer_openid", "paid_at", "refunded_fen", "created_at")}


@dataclass
class SandboxRefund:
    api: str
    out_refund_no: str
    refund_id: str
    out_trade_no: str
    transaction_id: str
    refund_fen: int
    total_fen: int
    reason: str | None
    notify_url: str | None
    created_at: float
    signing: str
    state: str = "PROCESSING"
    succeeded_at: float | None = None

    def as_json(self) -> dict:
        return {name: getattr(self, name) for name in (
            "api", "out_refund_no", "refund_id", "out_trade_no", "refund_fen", "total_fen",
            "reason", "state", "created_at", "succeeded_at")}


@dataclass(frozen=True)
class OrderFields:
    """What a create request asks for, in either API."""

    api: str
    out_trade_no: str
    trade_type: str
    app_id: str
    description: str
    amount_fen: int
    notify_url: str
    expires_at: float | None
    payer_openid: str | None
    attach: str | None
    signing: str


class PayWorld:
    def __init__(self, mch_id: str, clock: Callable[[], float]) -> None:
        self.mch_id = mch_id
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._orders: dict[str, SandboxOrder] = {}
            self._refunds: dict[str, SandboxRefund] = {}
            self._bills: dict[str, bytes] = {}

    # -- orders -------------------------------------------------------------------------------

    def open_order(self, asked: OrderFields) -> SandboxOrder:
        """A new order, or the same one again for the same request (WeChat's idempotent create)."""
        with self._lock:
            order = self._orders.get(asked.out_trade_no)
            if order is not None:
                if order.is_paid:
                    raise ORDER_PAID
                if order.state == "CLOSED":
                    raise ORDER_CLOSED
                if (order.api, order.trade_type, order.amount_fen, order.description,
                        order.payer_openid) != (asked.api, asked.trade_type, asked.amount_fen,
                                                asked.description, asked.payer_openid):
                    raise OUT_TRADE_NO_USED
                return replace(order)
            order = SandboxOrder(
                **vars(asked), mch_id=self.mch_id, created_at=self._clock(),
                prepay_id="wx" + datetime.now(BEIJING).strftime("%d%H%M%S") + secrets.token_hex(12),
                code_url=("weixin://wxpay/bizpayurl?pr=" + secrets.token_urlsafe(6))
                if asked.trade_type == "NATIVE" else None)
            self._orders[order.out_trade_no] = order
            return replace(order)

    def order(self, out_trade_no: str) -> SandboxOrder:
        with self._lock:
            order = self._orders.get(out_trade_no)
            if order is None:
                raise ORDER_NOT_EXIST
            return replace(order)

    def order_by_transaction(self, transaction_id: str) -> SandboxOrder:
        with self._lock:
            for order in self._orders.values():
                if order.transaction_id == transaction_id:
                    return replace(order)
        raise ORDER_NOT_EXIST

    def close(self, out_trade_no: str) -> None:
        with self._lock:
            order = self._orders.get(out_trade_no)
            if order is None:
                raise ORDER_NOT_EXIST
            if order.is_paid:
                raise ORDER_PAID
            order.state = "CLOSED"

    def orders(self) -> list[SandboxOrder]:
        with self._lock:
            return [replace(order) for order in self._orders.values()]

    def pay(self, out_trade_no: str, *, even_if_closed: bool = False,
            payer_openid: str | None = None) -> SandboxOrder:
        """The user paid: NOTPAY (or, when asked, CLOSED) → SUCCESS with a transaction id."""
        with self._lock:
            order = self._orders.get(out_trade_no)
            if order is None:
                raise SandboxPayError(f"沙箱中没有订单 {out_trade_no}")
            if order.is_paid:
                raise SandboxPayError(f"订单 {out_trade_no} 已支付")
            if order.state == "CLOSED" and not even_if_closed:
                raise SandboxPayError(f"订单 {out_trade_no} 已关闭（可选择“支付已关闭的订单”）")
            order.state = "SUCCESS"
            order.paid_at = self._clock()
            order.transaction_id = "4200" + _digits(24)
            order.payer_openid = order.payer_openid or payer_openid or "o" + secrets.token_urlsafe(20)
            return replace(order)

    # -- refunds ------------------------------------------------------------------------------

    def refund(self, *, api: str, out_trade_no: str | None, transaction_id: str | None,
               out_refund_no: str, refund_fen: int, total_fen: int, reason: str | None,
               notify_url: str | None, signing: str) -> SandboxRefund:
        with self._lock:
            existing = self._refunds.get(out_refund_no)
            order = next((o for o in self._orders.values()
                          if (out_trade_no and o.out_trade_no == out_trade_no)
                          or (transaction_id and o.transaction_id == transaction_id)), None)
            if existing is not None:
                if order is None or existing.out_trade_no != order.out_trade_no \
                        or existing.refund_fen != refund_fen:
                    raise REFUND_NO_USED
                return replace(existing)
            if order is None:
                raise REFUND_ORDER_NOT_EXIST
            if not order.is_paid:
                raise NOT_PAID
            if total_fen != order.amount_fen:
                raise TOTAL_MISMATCH
            if refund_fen < 1 or order.refunded_fen + refund_fen > order.amount_fen:
                raise REFUND_TOO_MUCH
            refund = SandboxRefund(
                api=api, out_refund_no=out_refund_no, refund_id="50" + _digits(30),
                out_trade_no=order.out_trade_no, transaction_id=order.transaction_id or "",
                refund_fen=refund_fen, total_fen=total_fen, reason=reason, notify_url=notify_url,
                created_at=self._clock(), signing=signing)
            order.state = "REFUND"
            order.refunded_fen += refund_fen
            self._refunds[out_refund_no] = refund
            return replace(refund)

    def refund_record(self, out_refund_no: str) -> SandboxRefund:
        with self._lock:
            refund = self._refunds.get(out_refund_no)
            if refund is None:
                raise REFUND_NOT_EXIST
            return replace(refund)

    def finish_refund(self, out_refund_no: str, state: str = "SUCCESS") -> SandboxRefund:
        """The money went back (SUCCESS), or the refund failed (CLOSED / ABNORMAL)."""
        with self._lock:
            refund = self._refunds.get(out_refund_no)
            if refund is None:
                raise SandboxPayError(f"沙箱中没有退款单 {out_refund_no}")
            if refund.state != "PROCESSING":
                raise SandboxPayError(f"退款单 {out_refund_no} 已是 {refund.state}")
            refund.state = state
            if state == "SUCCESS":
                refund.succeeded_at = self._clock()
            else:
                order = self._orders[refund.out_trade_no]
                order.refunded_fen -= refund.refund_fen
                order.state = "REFUND" if order.refunded_fen else "SUCCESS"
            return replace(refund)

    def refunds(self) -> list[SandboxRefund]:
        with self._lock:
            return [replace(refund) for refund in self._refunds.values()]

    # -- bills --------------------------------------------------------------------------------

    def day_of(self, moment: float) -> date:
        return datetime.fromtimestamp(moment, BEIJING).date()

    def keep_bill(self, content: bytes) -> str:
        """Store a bill file for download; the token is the download URL's secret."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._bills[token] = content
        return token

    def bill_file(self, token: str) -> bytes | None:
        with self._lock:
            return self._bills.get(token)
