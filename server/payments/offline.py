"""Payments made outside WeChat Pay (a bank transfer to the association, cash at its office),
recorded by association staff with the transfer's reference, through the same `confirm` as
WeChat's payments: the application moves to `paid`, a receipt is issued, the audit log names the
staff member. An online order still open for the application is closed at WeChat afterwards.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.audit.services import record
from server.batches.models import Batch
from server.clock import BEIJING, beijing, now
from server.errors import Forbidden, InvalidInput
from server.extensions import db
from server.payments.checkout import ITEM
from server.payments.models import OFFLINE, Channel, OrderState, Payment, PaymentMethod, PaymentOrder
from server.payments.numbers import new_out_trade_no
from server.payments.orders import Confirmed, Report, confirm
from server.payments.rows import lock_application
from server.transactions import atomic

OFFLINE_METHODS = (PaymentMethod.bank_transfer, PaymentMethod.cash)
MAX_REFERENCE, MAX_NOTE = 64, 200
STAFF_ROLES = lifecycle.ACTIONS["record_payment"].roles


def _method(value: object) -> PaymentMethod:
    for method in OFFLINE_METHODS:
        if value == method.value:
            return method
    choices = "、".join(f"{m.value}（{m.label}）" for m in OFFLINE_METHODS)
    raise InvalidInput.field("method", f"缴费方式须为以下之一：{choices}")


def _reference(value: object) -> str:
    reference = value.strip() if isinstance(value, str) else ""
    if not reference:
        raise InvalidInput.field("reference", "请填写转账流水号或收据号")
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput.field("reference", f"转账流水号或收据号不能超过{MAX_REFERENCE}个字符")
    if db.session.scalar(select(exists().where(Payment.provider == OFFLINE, Payment.transaction_id == reference))):
        raise InvalidInput.field("reference", f"流水号或收据号 {reference} 已登记过，请勿重复登记")
    return reference


def _paid_at(paid_on: date | None) -> datetime:
    today = beijing(now()).date()
    if paid_on is None or paid_on > today:
        raise InvalidInput.field("paid_on", "请填写到账日期（不能晚于今天）")
    if paid_on == today:
        return now()
    return datetime.combine(paid_on, time(12, 0), tzinfo=BEIJING)


@atomic
def record_offline_payment(application_id: int, staff: StaffMember, *, method: object, reference: object,
                           paid_on: date | None, note: str | None = None) -> Confirmed:
    actor = Actor.staff(staff)
    if actor.role not in STAFF_ROLES:
        raise Forbidden("只有协会工作人员可以登记线下缴费")
    chosen, number, paid_at = _method(method), _reference(reference), _paid_at(paid_on)
    note = (note or "").strip()[:MAX_NOTE] or None
    application = lock_application(application_id)
    batch = db.session.get(Batch, application.batch_id)
    lifecycle.require(application, "record_payment", actor, batch)
    order = PaymentOrder(
        out_trade_no=new_out_trade_no(), application_id=application.id, account_id=application.account_id,
        batch_id=batch.id, expert_number=application.expert_number or "", provider=OFFLINE,
        channel=Channel.offline, amount_fen=batch.fee_cents, description=ITEM, state=OrderState.created,
        expires_at=now() + timedelta(minutes=1))
    db.session.add(order)
    db.session.flush()
    record(actor, "payment.offline_recorded", "payment_order", order.id, application_id=application.id,
           method=chosen.value, reference=number, paid_on=paid_on.isoformat(), note=note)
    return confirm(order.out_trade_no, Report(
        transaction_id=number, amount_fen=order.amount_fen, paid_at=paid_at, source="offline",
        provider=OFFLINE, method=chosen, staff_id=staff.id, note=note), actor)
