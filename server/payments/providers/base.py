"""What the payment domain sees of a payment provider: value types, one Protocol, three errors.

Every provider (WeChat Pay API v3, API v2) speaks in these types only, so orders and payments are
written once. Amounts are integer fen, times are aware UTC datetimes, states are WeChat's own
words (v3 spelling; v2 values are mapped onto them). Nothing here talks to the network.

Errors, and what the caller does with them:
- `ProviderUnavailable`: timeout, connection refused, 5xx, a reply we cannot read or whose
  signature is wrong. Temporary: try again later (the pending order stays pending).
- `ProviderRefused(code, message)`: WeChat said no, for good (the order is already paid, closed,
  unknown...). `code` is one of the `REFUSAL_*` names below when it has a provider-neutral meaning,
  else the provider's own code; `provider_code` is always the provider's own.
- `NotificationRejected(reason)`: a notification that is forged, malformed, stale or not ours.
  Answer it with `failure_reply()` and change nothing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, NamedTuple, Protocol

TradeState = Literal["NOTPAY", "USERPAYING", "SUCCESS", "REFUND", "CLOSED", "REVOKED", "PAYERROR"]
TRADE_STATES: frozenset[str] = frozenset(TradeState.__args__)  # type: ignore[attr-defined]
PAID_STATES: frozenset[str] = frozenset({"SUCCESS", "REFUND"})  # money arrived (REFUND: some went back)

RefundState = Literal["PROCESSING", "SUCCESS", "CLOSED", "ABNORMAL"]
REFUND_STATES: frozenset[str] = frozenset(RefundState.__args__)  # type: ignore[attr-defined]

REFUSAL_ORDER_PAID = "ORDER_PAID"
REFUSAL_ORDER_CLOSED = "ORDER_CLOSED"
REFUSAL_ORDER_NOT_EXIST = "ORDER_NOT_EXIST"
REFUSAL_REFUND_NOT_EXIST = "REFUND_NOT_EXIST"
REFUSAL_OUT_TRADE_NO_USED = "OUT_TRADE_NO_USED"


class ProviderUnavailable(Exception):
    """Temporary: the provider could not be reached or its answer could not be trusted."""


class ProviderRefused(Exception):
    """Permanent: the provider refused the request (`code`, `message` as documented above)."""

    def __init__(self, code: str, message: str = "", *, provider_code: str | None = None) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.provider_code = provider_code or code


class NotificationRejected(Exception):
    """A notification we must not act on; `reason` is for the log, never shown to the sender."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OrderRequest:
    """One payment attempt as the provider is asked to open it."""

    out_trade_no: str
    amount_fen: int
    description: str
    notify_url: str
    expires_at: datetime
    payer_openid: str | None = None  # required for JSAPI (the mini-program)
    attach: str | None = None        # echoed back in queries and notifications
    client_ip: str | None = None     # the payer's address (v2 requires one; 127.0.0.1 when unknown)

    def __post_init__(self) -> None:
        if isinstance(self.amount_fen, bool) or not isinstance(self.amount_fen, int) \
                or self.amount_fen < 1:
            raise ValueError("amount_fen must be a positive integer (fen)")
        if self.expires_at.tzinfo is None:
            raise ValueError("expires_at must be timezone-aware")


@dataclass(frozen=True)
class JsapiParams:
    """What `wx.requestPayment` needs, already signed (v3: signType RSA; v2: HMAC-SHA256)."""

    app_id: str
    time_stamp: str
    nonce_str: str
    package: str
    sign_type: str
    pay_sign: str = field(repr=False)

    def as_request_payment(self) -> dict[str, str]:
        """The object to pass to wx.requestPayment, keys spelled as the mini-program wants them."""
        return {"timeStamp": self.time_stamp, "nonceStr": self.nonce_str, "package": self.package,
                "signType": self.sign_type, "paySign": self.pay_sign}


@dataclass(frozen=True)
class ProviderTrade:
    """An order as the provider knows it (the answer to a query)."""

    out_trade_no: str
    state: str                    # one of TRADE_STATES
    amount_fen: int               # the order total
    transaction_id: str | None = None
    paid_at: datetime | None = None
    payer_openid: str | None = None
    app_id: str | None = None
    mch_id: str | None = None
    trade_type: str | None = None  # JSAPI, NATIVE
    attach: str | None = None

    @property
    def is_paid(self) -> bool:
        return self.state in PAID_STATES


@dataclass(frozen=True)
class PaymentNotice:
    """A payment notification whose signature, freshness, merchant and app id were checked.

    The amount is NOT checked against the order here (the provider does not know the order): the
    domain must compare `amount_fen`. `notice_id` identifies the notification for deduplication
    (WeChat resends the same one until it is acknowledged)."""

    notice_id: str
    out_trade_no: str
    transaction_id: str
    state: str
    amount_fen: int
    paid_at: datetime | None
    app_id: str
    mch_id: str
    payer_openid: str | None = None
    attach: str | None = None


@dataclass(frozen=True)
class ProviderRefund:
    """A refund as the provider knows it."""

    out_refund_no: str
    out_trade_no: str
    state: str                  # one of REFUND_STATES
    refund_fen: int
    total_fen: int
    refund_id: str | None = None
    transaction_id: str | None = None
    succeeded_at: datetime | None = None


@dataclass(frozen=True)
class RefundNotice:
    """A verified refund notification (v3: signed and encrypted; v2: encrypted with the key)."""

    notice_id: str
    out_refund_no: str
    out_trade_no: str
    refund_id: str
    transaction_id: str | None
    state: str                  # one of REFUND_STATES
    refund_fen: int
    total_fen: int
    succeeded_at: datetime | None
    mch_id: str


@dataclass(frozen=True)
class BillRow:
    """One line of the daily trade bill: a payment (state SUCCESS) or a refund (state REFUND)."""

    time: datetime
    out_trade_no: str
    transaction_id: str
    state: str
    amount_fen: int             # the order total
    refund_fen: int = 0
    out_refund_no: str | None = None
    refund_id: str | None = None


class NotificationReply(NamedTuple):
    """The HTTP answer to a notification, exactly as WeChat expects it."""

    body: bytes
    status: int
    content_type: str


class PaymentProvider(Protocol):
    """One merchant account at one provider. Every call has a timeout; none retries by itself."""

    name: str      # "wechat_v3" | "wechat_v2": stored with each order
    mch_id: str
    app_id: str

    def create_jsapi(self, order: OrderRequest) -> JsapiParams:
        """Open the order for the mini-program (payer_openid required); same order again → same
        prepay id. Refused with ORDER_PAID / ORDER_CLOSED / OUT_TRADE_NO_USED."""
        ...

    def create_native(self, order: OrderRequest) -> str:
        """Open the order for paying by QR code; returns the code_url to draw."""
        ...

    def query(self, out_trade_no: str) -> ProviderTrade:
        """The order's state at the provider; refused with ORDER_NOT_EXIST if it never got there."""
        ...

    def close(self, out_trade_no: str) -> None:
        """Close an unpaid order; closing a closed or unknown order succeeds. Refused with
        ORDER_PAID when it was paid meanwhile: then it must be recorded (and maybe refunded)."""
        ...

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int,
               reason: str, notify_url: str) -> ProviderRefund:
        """Ask for a refund (usually PROCESSING); the same out_refund_no again is the same refund."""
        ...

    def query_refund(self, out_refund_no: str) -> ProviderRefund:
        """The refund's state; refused with REFUND_NOT_EXIST when unknown."""
        ...

    def parse_payment_notification(self, headers: Mapping[str, str], body: bytes) -> PaymentNotice:
        """Verify and read a payment notification, or raise NotificationRejected."""
        ...

    def parse_refund_notification(self, headers: Mapping[str, str], body: bytes) -> RefundNotice:
        """Verify and read a refund notification, or raise NotificationRejected."""
        ...

    def success_reply(self) -> NotificationReply:
        """The acknowledgement that stops WeChat resending."""
        ...

    def failure_reply(self, message: str, *, temporary: bool = False) -> NotificationReply:
        """A refusal (WeChat resends later); `temporary` for our own trouble, not theirs."""
        ...

    def download_bill(self, day: date) -> list[BillRow]:
        """The trade bill of one Beijing day (payments and refunds); [] when there were none."""
        ...
