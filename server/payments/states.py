"""The one place each of the fee's state sets changes: orders, payments, refunds.

Each table says which states may follow which; `change_*` checks the step, changes the state (and
what goes with it: the open-order marker, timestamps), and writes the audit row named after the
new state (`payment_order.paid`, `payment_refund.failed`), in the caller's transaction. The
caller holds the row locks. A step the table does not allow is a programming error.
"""
from __future__ import annotations

from typing import Any

from server.accounts.actors import Actor
from server.audit.services import record
from server.clock import now
from server.payments.models import (
    OrderState,
    Payment,
    PaymentOrder,
    PaymentState,
    Refund,
    RefundState,
)

Ord, R = OrderState, RefundState
ORDER_STEPS: dict[OrderState, frozenset[OrderState]] = {
    Ord.created: frozenset({Ord.pending, Ord.paid, Ord.closed, Ord.failed}),
    Ord.pending: frozenset({Ord.paid, Ord.closed}),
    # An old QR code paid just before it was closed: the money arrived, so it is recorded.
    Ord.closed: frozenset({Ord.paid}),
    Ord.failed: frozenset(),
    Ord.paid: frozenset(),
}
OPEN_ORDER_STATES = frozenset({Ord.created, Ord.pending})

REFUND_STEPS: dict[RefundState, frozenset[RefundState]] = {
    R.requested: frozenset({R.processing, R.succeeded, R.failed}),
    R.processing: frozenset({R.succeeded, R.failed}),
    R.succeeded: frozenset(),
    R.failed: frozenset(),
}
# Refunds that hold (or may hold) part of a payment's money: all but the failed ones.
LIVE_REFUND_STATES = frozenset({R.requested, R.processing, R.succeeded})
ACCEPTED_REFUND_STATES = frozenset({R.processing, R.succeeded})


class StepRefused(RuntimeError):
    """A state change the table does not allow (a bug, never a user's mistake)."""


def change_order(order: PaymentOrder, target: OrderState, actor: Actor, **detail: Any) -> None:
    if target not in ORDER_STEPS[order.state]:
        raise StepRefused(f"order {order.out_trade_no}: {order.state.value} → {target.value}")
    previous = order.state
    order.state = target
    order.open_application_id = order.application_id if target in OPEN_ORDER_STATES else None
    if target in (Ord.closed, Ord.failed):
        order.closed_at = now()
        order.close_reason = str(detail.get("reason", ""))[:40] or None
    record(actor, f"payment_order.{target.value}", "payment_order", order.id,
           previous=previous.value, out_trade_no=order.out_trade_no, **detail)


def change_refund(refund: Refund, target: RefundState, actor: Actor, **detail: Any) -> None:
    if target not in REFUND_STEPS[refund.state]:
        raise StepRefused(f"refund {refund.out_refund_no}: {refund.state.value} → {target.value}")
    previous = refund.state
    refund.state = target
    if target in (R.succeeded, R.failed):
        refund.finished_at = now()
    record(actor, f"payment_refund.{target.value}", "payment_refund", refund.id,
           previous=previous.value, out_refund_no=refund.out_refund_no, payment_id=refund.payment_id,
           **detail)


def settle_refunded(payment: Payment, refunded_fen: int, actor: Actor, **detail: Any) -> None:
    """The payment's refunded amount is now `refunded_fen` (the sum of its succeeded refunds):
    its state follows (received, partially refunded, refunded)."""
    if not 0 <= refunded_fen <= payment.amount_fen:
        raise StepRefused(f"payment {payment.id}: refunded {refunded_fen} of {payment.amount_fen}")
    previous = payment.state
    payment.refunded_fen = refunded_fen
    payment.state = (PaymentState.received if refunded_fen == 0 else PaymentState.refunded
                     if refunded_fen == payment.amount_fen else PaymentState.partially_refunded)
    if payment.state is not previous:
        record(actor, f"payment.{payment.state.value}", "payment", payment.id,
               previous=previous.value, refunded_fen=refunded_fen, **detail)
