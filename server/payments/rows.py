"""Reading the fee's rows, and locking them in the one order every writer uses.

Writers lock the application first, then its order or payment, so two services never wait on
each other in opposite orders. `populate_existing` makes a locked read see the latest committed
values even if the session had read the row earlier. (On SQLite a writing transaction holds the
database's write lock from its first statement; FOR UPDATE is left out there.)
"""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import lazyload
from sqlalchemy.sql.base import ExecutableOption

from server.applications.models import Application
from server.errors import NotFound
from server.extensions import db
from server.payments.models import Payment, PaymentOrder, Refund

T = TypeVar("T")

ORDER_NOT_FOUND = "订单不存在"
PAYMENT_NOT_FOUND = "缴费记录不存在"


def locked(model: type[T], row_id: int, *options: ExecutableOption) -> T | None:
    return db.session.execute(
        select(model).where(model.id == row_id).with_for_update().options(*options)  # type: ignore[attr-defined]
        .execution_options(populate_existing=True)).scalar_one_or_none()


def lock_application(application_id: int) -> Application:
    """The application under lock, without its certificates and avoidance units (loaded only if
    read: the fee's writers lock the row and rarely need its lists)."""
    application = locked(Application, application_id, lazyload(Application.certificates),
                         lazyload(Application.avoidance_units))
    if application is None:
        raise NotFound("申请不存在")
    return application


def order_by_number(out_trade_no: str) -> PaymentOrder | None:
    return db.session.execute(
        select(PaymentOrder).where(PaymentOrder.out_trade_no == out_trade_no)).scalar_one_or_none()


def lock_order(order_id: int) -> PaymentOrder:
    order = locked(PaymentOrder, order_id)
    if order is None:
        raise NotFound(ORDER_NOT_FOUND)
    return order


def lock_payment(payment_id: int) -> Payment:
    payment = locked(Payment, payment_id)
    if payment is None:
        raise NotFound(PAYMENT_NOT_FOUND)
    return payment


def lock_refund(refund_id: int) -> Refund:
    refund = locked(Refund, refund_id)
    if refund is None:
        raise NotFound("退款记录不存在")
    return refund


def payment_of_order(order_id: int) -> Payment | None:
    return db.session.execute(select(Payment).where(Payment.order_id == order_id)).scalar_one_or_none()


def open_order_of(application_id: int) -> PaymentOrder | None:
    return db.session.execute(select(PaymentOrder).where(
        PaymentOrder.open_application_id == application_id)).scalar_one_or_none()


def paying_payment(application_id: int) -> Payment | None:
    """The payment that paid the application (not a duplicate), if any."""
    return db.session.execute(select(Payment).where(
        Payment.application_id == application_id, Payment.duplicate.is_(False))).scalar_one_or_none()
