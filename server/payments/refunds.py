"""Refunds, by association staff: full or partial, a reason always, an audit entry always.

`request_refund` writes the refund (requested) in one transaction, asks WeChat Pay outside it,
and records the answer in another. The application follows the lifecycle: when a refund that
returns all that was left of the paying payment is accepted by the provider (or, for an offline
payment, recorded), the application moves `paid → refunded` (`refund`, as the staff member who
asked). A duplicate payment's refund moves nothing. Refund results arrive by notification, by
the staff member's own request, or by the job that asks about refunds still open; each goes
through `record_refund_result`, which ignores what it already knows.

The seed's rule "逾期未参加的，不予退费" is the association's policy: the console shows it before
a refund; it does not block one.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.services import record
from server.batches.models import Batch
from server.clock import format_beijing, now
from server.errors import Conflict, Forbidden, InvalidInput, NotFound
from server.extensions import db
from server.money import format_yuan
from server.payments import gateway, messages
from server.payments.invoice_requests import request_of
from server.payments.models import OFFLINE, Payment, PaymentOrder, Refund, RefundState
from server.payments.numbers import new_out_refund_no
from server.payments.providers import (
    REFUSAL_REFUND_NOT_EXIST,
    ProviderRefund,
    ProviderRefused,
    ProviderUnavailable,
    RefundNotice,
)
from server.payments.rows import lock_application, lock_payment, lock_refund
from server.payments.states import (
    ACCEPTED_REFUND_STATES,
    LIVE_REFUND_STATES,
    REFUND_STEPS,
    change_refund,
    settle_refunded,
)
from server.transactions import atomic

log = logging.getLogger(__name__)

POLICY = "按照规定时间参加培训、测试，逾期未参加的，不予退费。"
MAX_REASON = 80  # WeChat Pay's limit for a refund reason
DUPLICATE_REASON = "重复缴费，退还多缴的培训费"
STAFF_ROLES = lifecycle.ACTIONS["refund"].roles
PROVIDER_STATES = {"PROCESSING": RefundState.processing, "SUCCESS": RefundState.succeeded,
                   "CLOSED": RefundState.failed, "ABNORMAL": RefundState.failed}


class UnknownRefund(NotFound):
    code = "unknown_refund"


class NotThisRefund(Conflict):
    code = "refund_mismatch"


def refundable_fen(payment: Payment) -> int:
    """What is left to refund: the amount less every refund not failed."""
    taken = db.session.scalar(select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(
        Refund.payment_id == payment.id, Refund.state.in_(LIVE_REFUND_STATES)))
    return payment.amount_fen - int(taken)


def _reason(value: object) -> str:
    reason = " ".join(value.split()) if isinstance(value, str) else ""
    if not reason:
        raise InvalidInput.field("reason", "请填写退款原因")
    if len(reason) > MAX_REASON or "\x00" in reason:
        raise InvalidInput.field("reason", f"退款原因不能超过{MAX_REASON}个字符")
    return reason


def _amount(value: int | None, refundable: int) -> int:
    if value is None:
        return refundable
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= refundable:
        raise InvalidInput.field("amount", f"退款金额须在 0.01 到 {format_yuan(refundable)} 元之间")
    return value


def request_refund(payment_id: int, staff: StaffMember, amount_fen: int | None, reason: object) -> Refund:
    """Refund `amount_fen` (None: all that is left) of a payment; returns the refund as it stands."""
    refund_id = _create(payment_id, staff, amount_fen, _reason(reason))
    refund = db.session.get(Refund, refund_id)
    if refund.state is RefundState.requested:
        _ask_provider(refund_id)
    return db.session.get(Refund, refund_id)


def refund_duplicate(payment_id: int, staff: StaffMember) -> Refund:
    """The association's one click: all of a duplicate payment back, with the standard reason."""
    payment = db.session.get(Payment, payment_id)
    if payment is None or not payment.duplicate:
        raise Conflict("这笔缴费不是重复缴费，请在缴费记录中填写原因后退款")
    return request_refund(payment_id, staff, None, DUPLICATE_REASON)


@atomic
def _create(payment_id: int, staff: StaffMember, amount_fen: int | None, reason: str) -> int:
    actor = Actor.staff(staff)
    if actor.role not in STAFF_ROLES:
        raise Forbidden("只有协会工作人员可以退款")
    found = db.session.get(Payment, payment_id)
    if found is None:
        raise NotFound("缴费记录不存在")
    application = lock_application(found.application_id)
    payment = lock_payment(payment_id)
    refundable = refundable_fen(payment)
    if refundable <= 0:
        raise Conflict("该笔缴费已全部退款（或退款正在处理中）")
    amount = _amount(amount_fen, refundable)
    refund = Refund(payment_id=payment.id, out_refund_no=new_out_refund_no(), amount_fen=amount,
                    completes_payment=amount == refundable, reason=reason, state=RefundState.requested,
                    requested_by_staff_id=staff.id, requested_at=now())
    db.session.add(refund)
    db.session.flush()
    record(actor, "payment_refund.requested", "payment_refund", refund.id, payment_id=payment.id,
           application_id=application.id, amount_fen=amount, reason=reason,
           full=refund.completes_payment, duplicate=payment.duplicate)
    if payment.provider == OFFLINE:  # the money goes back by hand; recording it is the refund
        _advance(refund, payment, application, RefundState.succeeded, actor, now())
    return refund.id


def _ask_provider(refund_id: int) -> None:
    refund = db.session.get(Refund, refund_id)
    payment = db.session.get(Payment, refund.payment_id)
    order = db.session.get(PaymentOrder, payment.order_id)
    try:
        answer = gateway.provider().refund(order.out_trade_no, refund.out_refund_no, refund.amount_fen,
                                           order.amount_fen, refund.reason, gateway.notify_url("refund"))
    except ProviderUnavailable:
        log.warning("refund %s: WeChat Pay unavailable; the job asks again", refund.out_refund_no)
        return
    except ProviderRefused as refused:
        record_refund_result(refund_id, "CLOSED", failure=refused.message or refused.code)
        raise Conflict(f"微信支付拒绝退款：{refused.message or refused.code}") from None
    record_refund_result(refund_id, answer.state, provider_refund_id=answer.refund_id,
                         succeeded_at=answer.succeeded_at)


def _requester(refund: Refund) -> Actor:
    return Actor.staff(db.session.get(StaffMember, refund.requested_by_staff_id))


def _advance(refund: Refund, payment: Payment, application: Application, target: RefundState,
             actor: Actor, succeeded_at: datetime | None, **detail: object) -> None:
    """One refund step, with what follows it: the application's `refund` when a full refund of
    the paying payment is accepted, the payment's refunded amount and the email on success."""
    if refund.state is RefundState.requested and target in ACCEPTED_REFUND_STATES \
            and refund.completes_payment and not payment.duplicate and application.state is S.paid:
        batch = db.session.get(Batch, application.batch_id)
        lifecycle.move(application, "refund", _requester(refund), batch, refund_id=refund.id,
                       payment_id=payment.id, reason=refund.reason)
    change_refund(refund, target, actor, **detail)
    if target is not RefundState.succeeded:
        return
    refund.finished_at = succeeded_at or now()
    succeeded = db.session.scalar(select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(
        Refund.payment_id == payment.id, Refund.state == RefundState.succeeded))
    settle_refunded(payment, int(succeeded), actor, refund_id=refund.id)
    _tell_refunded(application, payment, refund)


def _tell_refunded(application: Application, payment: Payment, refund: Refund) -> None:
    request = request_of(application.id)
    email = request.email if request else application.email
    if not email:
        return
    messages.send(application.account_id, messages.PAYMENT_REFUNDED, f"refund:{refund.id}", {
        "email": email, "name": application.name or "", "amount": format_yuan(refund.amount_fen),
        "paid_amount": format_yuan(payment.amount_fen), "reason": refund.reason,
        "refunded_at": format_beijing(refund.finished_at or now(), "%Y-%m-%d %H:%M"),
        "duplicate": payment.duplicate, "expert_number": application.expert_number or ""})


@atomic
def record_refund_result(refund_id: int, provider_state: str, *, provider_refund_id: str | None = None,
                         succeeded_at: datetime | None = None, failure: str | None = None,
                         actor: Actor | None = None) -> Refund:
    """What the provider says of a refund (PROCESSING, SUCCESS, CLOSED, ABNORMAL); a step already
    taken, or one that cannot follow, changes nothing."""
    target = PROVIDER_STATES.get(provider_state)
    if target is None:
        raise ValueError(f"unknown refund state {provider_state!r}")
    found = db.session.get(Refund, refund_id)
    payment_row = db.session.get(Payment, found.payment_id)
    application = lock_application(payment_row.application_id)
    payment = lock_payment(payment_row.id)
    refund = lock_refund(refund_id)
    if provider_refund_id and not refund.provider_refund_id:
        refund.provider_refund_id = provider_refund_id
    if target is refund.state or target not in REFUND_STEPS[refund.state]:
        return refund
    detail = {"provider_state": provider_state, **({"failure": failure} if failure else {})}
    if target is RefundState.failed:
        refund.failure = (failure or {"CLOSED": "退款关闭", "ABNORMAL": "退款异常（用户账户异常或已注销），请联系用户线下退款"}
                          .get(provider_state, provider_state))[:200]
    _advance(refund, payment, application, target, actor or Actor.system(), succeeded_at, **detail)
    return refund


def receive_refund_notice(notice: RefundNotice) -> Refund:
    """A verified refund notification: it must name one of our refunds, of its order and amount."""
    refund = db.session.execute(select(Refund).where(Refund.out_refund_no == notice.out_refund_no)).scalar_one_or_none()
    if refund is None:
        raise UnknownRefund(f"退款单 {notice.out_refund_no} 不存在")
    payment = db.session.get(Payment, refund.payment_id)
    order = db.session.get(PaymentOrder, payment.order_id)
    if notice.out_trade_no != order.out_trade_no or notice.refund_fen != refund.amount_fen \
            or notice.total_fen != order.amount_fen or payment.provider != gateway.provider().name:
        raise NotThisRefund(f"退款通知与退款单 {refund.out_refund_no} 不符")
    return record_refund_result(refund.id, notice.state, provider_refund_id=notice.refund_id,
                                succeeded_at=notice.succeeded_at)


def sync_refund(refund_id: int) -> Refund:
    """Ask the provider about a refund not finished (the job); a refund it never received is
    asked for again under the same number (WeChat treats that as the same refund)."""
    refund = db.session.get(Refund, refund_id)
    if refund.state not in (RefundState.requested, RefundState.processing):
        return refund
    try:
        answer: ProviderRefund = gateway.provider().query_refund(refund.out_refund_no)
    except ProviderRefused as refused:
        if refused.code != REFUSAL_REFUND_NOT_EXIST or refund.state is not RefundState.requested:
            raise
        _ask_provider(refund_id)
        return db.session.get(Refund, refund_id)
    return record_refund_result(refund_id, answer.state, provider_refund_id=answer.refund_id,
                                succeeded_at=answer.succeeded_at)


def open_refund_ids(older_than: datetime, limit: int) -> list[int]:
    return list(db.session.scalars(
        select(Refund.id).join(Payment, Payment.id == Refund.payment_id)
        .where(Refund.state.in_((RefundState.requested, RefundState.processing)),
               Refund.requested_at < older_than, Payment.provider == gateway.provider().name)
        .order_by(Refund.id).limit(limit)))

