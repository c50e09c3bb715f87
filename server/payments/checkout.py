"""Starting to pay: the applicant's order, opened at the provider for the mini-program (JSAPI: the
signed parameters of `wx.requestPayment`) or for a QR code (Native: the `code_url`).

At most one order is open per application. The open one is used again while it fits (same
channel, same payer, not about to expire); otherwise it is closed at the provider first and a new
one opened. Provider calls run between short transactions, never inside one: (1) lock the
application, check `pay` and the invoice title, decide; (2) close the old order at WeChat, if
any; (3) write the new order; (4) open it at WeChat; (5) record that it is open. If the old order
turns out to be paid in step 2, the payment is recorded and step 3 refuses ("已缴费").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.drafts import locked_application
from server.batches.models import Batch
from server.clock import now
from server.errors import Conflict, InvalidInput, NotFound
from server.extensions import db
from server.payments import gateway
from server.payments.invoice_requests import request_of
from server.payments.models import Channel, OrderState, PaymentOrder
from server.payments.numbers import new_out_trade_no
from server.payments.orders import close_order, mark_order, sync_order
from server.payments.providers import (
    REFUSAL_ORDER_PAID,
    OrderRequest,
    ProviderRefused,
    ProviderUnavailable,
)
from server.payments.rows import lock_application, lock_order, open_order_of, order_by_number
from server.payments.states import OPEN_ORDER_STATES, change_order
from server.transactions import atomic

ITEM = "评标专家培训费"
ORDER_LIFETIME = timedelta(hours=2)
REUSE_MARGIN = timedelta(minutes=10)  # an open order closer than this to its expiry is replaced
ONLINE_CHANNELS = (Channel.jsapi, Channel.native)
NO_INVOICE_TITLE = "请先填写发票抬头并确认电子邮箱，再缴费"
NO_OPENID = "小程序支付需要先用微信登录；也可选择扫码支付"
ALREADY_PAID = "已缴费，无需重复缴费"
BUSY = "订单正在更新，请稍后重试"


@dataclass(frozen=True)
class Checkout:
    order_id: int
    out_trade_no: str
    channel: Channel
    amount_fen: int
    expert_number: str
    expires_at: datetime
    request_payment: dict[str, str] | None  # JSAPI: the object for wx.requestPayment
    code_url: str | None                     # Native: what the QR code says


@dataclass(frozen=True)
class _Use:
    order_id: int


@dataclass(frozen=True)
class _Replace:
    order_id: int


def parse_channel(value: object) -> Channel:
    if value in ("jsapi", "native"):
        return Channel(value)
    raise InvalidInput.field("channel", "支付方式须为以下之一：jsapi（小程序支付）、native（扫码支付）")


def start_payment(account: Account, channel_value: object, client_ip: str | None = None) -> Checkout:
    """Open (or reuse) the applicant's order for `channel` and return what the phone needs."""
    channel = parse_channel(channel_value)
    for _attempt in range(3):
        step = _prepare(account, channel)
        if isinstance(step, _Use):
            return _open_at_provider(step.order_id, client_ip)
        try:
            close_order(step.order_id, "replaced")
        except (ProviderUnavailable, ProviderRefused):
            raise gateway.unavailable() from None
    raise Conflict(BUSY)


def _reusable(order: PaymentOrder, channel: Channel, openid: str | None) -> bool:
    return (order.channel is channel and order.expires_at - now() > REUSE_MARGIN
            and (channel is not Channel.jsapi or order.payer_openid == openid))


def _new_order(application, batch: Batch, channel: Channel, openid: str | None) -> PaymentOrder:
    provider = gateway.provider()
    moment = now()
    return PaymentOrder(
        out_trade_no=new_out_trade_no(), application_id=application.id,
        open_application_id=application.id, account_id=application.account_id, batch_id=batch.id,
        expert_number=application.expert_number or "", provider=provider.name, mch_id=provider.mch_id,
        app_id=provider.app_id, channel=channel, amount_fen=batch.fee_cents,
        description=f"{ITEM}（专家编号{application.expert_number}）",
        payer_openid=openid if channel is Channel.jsapi else None, state=OrderState.created,
        created_at=moment, expires_at=min(moment + ORDER_LIFETIME, batch.payment_closes_at))


@atomic
def _prepare(account: Account, channel: Channel) -> _Use | _Replace:
    application, batch = locked_application(account)
    actor = Actor.applicant(account.id)
    lifecycle.require(application, "pay", actor, batch)
    if request_of(application.id) is None:
        raise InvalidInput.field("invoice", NO_INVOICE_TITLE)
    openid = account.wechat_openid
    if channel is Channel.jsapi and not openid:
        raise InvalidInput.field("channel", NO_OPENID)
    current = open_order_of(application.id)
    if current is not None:
        return _Use(current.id) if _reusable(current, channel, openid) else _Replace(current.id)
    order = _new_order(application, batch, channel, openid)
    db.session.add(order)
    db.session.flush()
    lifecycle.move(application, "pay", actor, batch, out_trade_no=order.out_trade_no,
                   channel=channel.value, order_id=order.id)
    return _Use(order.id)


def _checkout(order: PaymentOrder, request_payment: dict[str, str] | None) -> Checkout:
    return Checkout(order_id=order.id, out_trade_no=order.out_trade_no, channel=order.channel,
                    amount_fen=order.amount_fen, expert_number=order.expert_number,
                    expires_at=order.expires_at, request_payment=request_payment,
                    code_url=order.code_url)


def order_request(order: PaymentOrder, client_ip: str | None = None) -> OrderRequest:
    """The same request every time for the same order (WeChat answers it with the same prepay)."""
    return OrderRequest(out_trade_no=order.out_trade_no, amount_fen=order.amount_fen,
                        description=order.description, notify_url=gateway.notify_url("payment"),
                        expires_at=order.expires_at, payer_openid=order.payer_openid,
                        attach=order.expert_number, client_ip=client_ip)


def _open_at_provider(order_id: int, client_ip: str | None) -> Checkout:
    order = db.session.get(PaymentOrder, order_id)
    if order.channel is Channel.native and order.code_url and order.state is OrderState.pending:
        return _checkout(order, None)
    provider = gateway.provider()
    try:
        if order.channel is Channel.jsapi:
            params = provider.create_jsapi(order_request(order, client_ip)).as_request_payment()
            code_url = None
        else:
            params, code_url = None, provider.create_native(order_request(order, client_ip))
    except ProviderUnavailable:
        raise gateway.unavailable() from None
    except ProviderRefused as refused:
        if refused.code == REFUSAL_ORDER_PAID:
            sync_order(order_id)
            raise Conflict(ALREADY_PAID) from None
        mark_order(order_id, OrderState.failed, f"refused_{refused.code}"[:40])
        raise Conflict(f"微信支付未能创建订单（{refused.code}），请重新发起缴费") from None
    return _checkout(_opened(order_id, code_url), params)


@atomic
def _opened(order_id: int, code_url: str | None) -> PaymentOrder:
    found = db.session.get(PaymentOrder, order_id)
    lock_application(found.application_id)
    order = lock_order(order_id)
    if order.state is OrderState.created:
        change_order(order, OrderState.pending, Actor.system(), channel=order.channel.value)
    if code_url:
        order.code_url = code_url
    return order


def applicant_order(account: Account, out_trade_no: str) -> PaymentOrder:
    """One of the applicant's own orders (any other is "not found", never "forbidden")."""
    order = order_by_number(out_trade_no)
    if order is None or order.account_id != account.id or order.channel not in ONLINE_CHANNELS:
        raise NotFound("订单不存在")
    return order


def check_order(account: Account, out_trade_no: str) -> PaymentOrder:
    """After wx.requestPayment: ask WeChat whether the order was paid (when it is still open),
    record it, and return the order. An outage leaves it open: "支付结果确认中"."""
    order = applicant_order(account, out_trade_no)
    if order.state in OPEN_ORDER_STATES:
        try:
            sync_order(order.id)
        except (ProviderUnavailable, ProviderRefused):
            pass
    return db.session.get(PaymentOrder, order.id)
