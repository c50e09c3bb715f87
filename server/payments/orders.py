"""An order's life once it exists: confirmed as paid, queried, closed.

`confirm` is the one way money is recorded, whoever learned of it (a notification, a query, a
close refused because the order was paid, association staff). Like pretix's
`OrderPayment.confirm()` it re-reads its rows under lock and returns early when the order is
already paid: of 50 copies of a notification arriving at once, the first records the payment,
moves the application `approved → paid` through the lifecycle (`record_payment`), issues the
receipt and queues its email; the other 49 change nothing. A second order paid for an application
that is paid already is recorded as a `duplicate`, for the association to refund.

`sync_order` and `close_order` talk to the provider outside any transaction (no row is locked
while WeChat is asked), then write what it said in a short transaction of their own.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.applications.models import Application
from server.audit.services import record
from server.batches.models import Batch
from server.clock import format_beijing, now
from server.errors import Conflict, Forbidden, InvalidInput, NotFound
from server.extensions import db
from server.mail.message import is_mail_address
from server.money import format_yuan
from server.payments import gateway, messages, receipts
from server.payments.invoice_requests import request_of
from server.payments.models import OFFLINE, OrderState, Payment, PaymentMethod, PaymentOrder, Receipt
from server.payments.providers import REFUSAL_ORDER_NOT_EXIST, REFUSAL_ORDER_PAID, ProviderRefused
from server.payments.rows import lock_application, lock_order, open_order_of, order_by_number, payment_of_order
from server.payments.states import OPEN_ORDER_STATES, change_order
from server.transactions import after_commit, atomic

log = logging.getLogger(__name__)


class UnknownOrder(NotFound):
    code = "unknown_order"


class NotThisOrder(Conflict):
    """What was reported does not fit the order (amount, merchant, app, provider)."""

    code = "order_mismatch"


@dataclass(frozen=True)
class Confirmed:
    payment_id: int
    first: bool       # this call recorded the payment (False: it was recorded before)
    duplicate: bool   # the application had been paid by another order


@dataclass(frozen=True)
class Report:
    """What a provider (or staff member) says was paid on an order."""

    transaction_id: str
    amount_fen: int
    paid_at: datetime | None
    source: str  # notification | query | close | offline
    provider: str
    mch_id: str | None = None
    app_id: str | None = None
    method: PaymentMethod = PaymentMethod.wechat
    staff_id: int | None = None
    note: str | None = None


def _check_fits(order: PaymentOrder, report: Report) -> None:
    if report.provider != order.provider:
        raise NotThisOrder(f"订单属于 {order.provider}，通知来自 {report.provider}")
    if report.mch_id is not None and report.mch_id != order.mch_id:
        raise NotThisOrder("商户号与订单不符")
    if report.app_id is not None and report.app_id != order.app_id:
        raise NotThisOrder("应用号与订单不符")
    if report.amount_fen != order.amount_fen:
        raise NotThisOrder(f"支付金额 {report.amount_fen} 分与订单金额 {order.amount_fen} 分不符")


def confirm(out_trade_no: str, report: Report, actor: Actor) -> Confirmed:
    """Record that the order was paid, once; see the module's docstring. A copy of what was
    recorded is answered from a plain read: it takes no lock (nor SQLite's write lock), so the
    copies of a burst of notifications never queue behind the payments being recorded."""
    found = order_by_number(out_trade_no)
    if found is not None and found.state is OrderState.paid:
        return _recorded_before(found, report)
    return _confirm(out_trade_no, report, actor)


def _recorded_before(order: PaymentOrder, report: Report) -> Confirmed:
    payment = payment_of_order(order.id)
    if payment.transaction_id != report.transaction_id:
        log.warning("order %s paid as %s, now reported as %s", order.out_trade_no,
                    payment.transaction_id, report.transaction_id)
    return Confirmed(payment.id, first=False, duplicate=payment.duplicate)


@atomic
def _confirm(out_trade_no: str, report: Report, actor: Actor) -> Confirmed:
    """`confirm` under the application's and the order's locks, which order concurrent copies."""
    found = order_by_number(out_trade_no)
    if found is None:
        raise UnknownOrder(f"订单 {out_trade_no} 不存在")
    application = lock_application(found.application_id)
    order = lock_order(found.id)
    if order.state is OrderState.paid:
        return _recorded_before(order, report)
    _check_fits(order, report)
    payment = Payment(order_id=order.id, application_id=application.id, provider=order.provider,
                      method=report.method, transaction_id=report.transaction_id,
                      amount_fen=report.amount_fen, paid_at=report.paid_at or now(),
                      source=report.source, recorded_by_staff_id=report.staff_id, note=report.note)
    db.session.add(payment)
    db.session.flush()
    change_order(order, OrderState.paid, actor, payment_id=payment.id, source=report.source,
                 transaction_id=report.transaction_id)
    batch = db.session.get(Batch, application.batch_id)
    if application.state not in lifecycle.states_allowing("record_payment"):
        payment.duplicate = True
        record(actor, "payment.duplicate_recorded", "payment", payment.id, application_id=application.id,
               out_trade_no=order.out_trade_no, application_state=application.state.value)
        return Confirmed(payment.id, first=True, duplicate=True)
    lifecycle.move(application, "record_payment", actor, batch, payment_id=payment.id,
                   out_trade_no=order.out_trade_no, source=report.source)
    _tell_paid(application, batch, payment)
    other = open_order_of(application.id)
    if other is not None:  # opened meanwhile; nothing more to pay
        after_commit(lambda: close_quietly(other.id, "paid_by_another_order"))
    return Confirmed(payment.id, first=True, duplicate=False)


def _tell_paid(application: Application, batch: Batch, payment: Payment) -> None:
    request = request_of(application.id)
    # Its PDF is rendered when first needed (the receipt's mail, a download), not while WeChat waits.
    receipt = receipts.issue_receipt(payment, application, batch, request)
    email = request.email if request else application.email
    if email:
        _send_receipt(application, batch, payment, receipt, email, f"payment:{payment.id}")


def _send_receipt(application: Application, batch: Batch, payment: Payment, receipt: Receipt, email: str,
                  subject: str) -> None:
    messages.send(application.account_id, messages.PAYMENT_RECEIVED, subject, {
        "email": email, "name": application.name or "", "amount": format_yuan(payment.amount_fen),
        "paid_at": format_beijing(payment.paid_at, "%Y-%m-%d %H:%M"), "method": payment.method.label,
        "receipt_id": receipt.id, "receipt_number": receipt.number,
        "expert_number": application.expert_number or "", "batch_name": batch.name})


@atomic
def resend_receipt(payment_id: int, staff: StaffMember, email: str | None = None) -> Receipt:
    """The same receipt again (a snapshot), to the confirmed address or to a corrected one."""
    actor = Actor.staff(staff)
    if actor.role not in lifecycle.ACTIONS["refund"].roles:
        raise Forbidden("只有协会工作人员可以重发缴费凭证")
    payment = db.session.get(Payment, payment_id)
    receipt = receipts.receipt_of(payment_id) if payment else None
    if receipt is None:
        raise NotFound("该笔缴费没有缴费凭证（重复缴费不出具凭证）")
    application = db.session.get(Application, payment.application_id)
    request = request_of(application.id)
    address = (email or "").strip() or (request.email if request else application.email) or ""
    if not is_mail_address(address):
        raise InvalidInput.field("email", "电子邮箱格式不正确")
    entry = record(actor, "payment.receipt_resent", "payment", payment.id, receipt_number=receipt.number,
                   email=address)
    db.session.flush()
    _send_receipt(application, db.session.get(Batch, application.batch_id), payment, receipt, address,
                  f"payment:{payment.id}:resend:{entry.id}")
    return receipt


# -- asking the provider ------------------------------------------------------------------------

def sync_order(order_id: int) -> OrderState:
    """Ask the provider about an open (or closed) order and record what it says: paid → confirm;
    closed there → closed here; unpaid and expired → closed. Returns the order's state after.
    ProviderUnavailable reaches the caller (nothing changed)."""
    order = db.session.get(PaymentOrder, order_id)
    if order is None:
        raise UnknownOrder("订单不存在")
    if order.state not in (*OPEN_ORDER_STATES, OrderState.closed) or order.provider == OFFLINE:
        return order.state
    provider = gateway.provider()
    try:
        trade = provider.query(order.out_trade_no)
    except ProviderRefused as refused:
        if refused.code != REFUSAL_ORDER_NOT_EXIST:
            raise
        if order.state in OPEN_ORDER_STATES and order.expires_at <= now():
            return mark_order(order.id, OrderState.failed, "never_opened")
        return order.state
    if trade.is_paid:
        confirm(order.out_trade_no, Report(
            transaction_id=trade.transaction_id or "", amount_fen=trade.amount_fen, paid_at=trade.paid_at,
            source="query", provider=provider.name, mch_id=trade.mch_id, app_id=trade.app_id), Actor.system())
        return OrderState.paid
    if trade.state in ("CLOSED", "REVOKED", "PAYERROR") and order.state in OPEN_ORDER_STATES:
        return mark_order(order.id, OrderState.closed, f"provider_{trade.state.lower()}")
    if order.state in OPEN_ORDER_STATES and order.expires_at <= now():
        return close_order(order.id, "expired")
    return db.session.get(PaymentOrder, order_id).state


def close_order(order_id: int, reason: str) -> OrderState:
    """Close an open order at the provider, then here. If it was paid meanwhile, the payment is
    recorded instead (and the state says so)."""
    order = db.session.get(PaymentOrder, order_id)
    if order is None or order.state not in OPEN_ORDER_STATES:
        return order.state if order else OrderState.closed
    if order.provider != OFFLINE:
        try:
            gateway.provider().close(order.out_trade_no)
        except ProviderRefused as refused:
            if refused.code != REFUSAL_ORDER_PAID:
                raise
            return sync_order(order_id)
    return mark_order(order_id, OrderState.closed, reason)


def close_quietly(order_id: int, reason: str) -> None:
    """close_order after another commit: a failure is logged; the expiry job closes it later."""
    try:
        close_order(order_id, reason)
    except Exception:
        log.exception("could not close order %s (%s)", order_id, reason)


@atomic
def mark_order(order_id: int, target: OrderState, reason: str) -> OrderState:
    found = db.session.get(PaymentOrder, order_id)
    lock_application(found.application_id)
    order = lock_order(order_id)
    if order.state in OPEN_ORDER_STATES:
        change_order(order, target, Actor.system(), reason=reason)
    return order.state
