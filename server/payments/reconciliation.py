"""Reconciliation (对账): WeChat Pay's trade bill of one Beijing day against our records.

Three kinds of difference for payments — paid there but not here (a notification and every
query lost, or an order we do not know), here but not there, amounts that differ — and the same
three for refunds. `compare` is a pure function of the bill and our rows; `reconcile` downloads
the bill, compares, and keeps the result as the day's run (running it again replaces it).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import select

from server.clock import beijing_day_start, now
from server.extensions import db
from server.payments import gateway
from server.payments.models import Payment, PaymentOrder, ReconciliationRun, Refund, RefundState
from server.payments.providers import BillRow
from server.transactions import atomic

KIND_LABELS = {
    "paid_there_not_here": "微信支付账单有，本系统无缴费记录",
    "here_not_there": "本系统有缴费记录，微信支付账单无",
    "amount_differs": "金额不一致",
    "refund_there_not_here": "微信支付账单有退款，本系统无",
    "refund_here_not_there": "本系统有退款，微信支付账单无",
    "refund_amount_differs": "退款金额不一致",
}


@dataclass(frozen=True)
class Ours:
    """One of our payments or refunds as the bill names it."""

    out_trade_no: str
    amount_fen: int
    transaction_id: str = ""
    out_refund_no: str | None = None


@dataclass(frozen=True)
class Difference:
    kind: str
    out_trade_no: str
    bill_fen: int | None
    our_fen: int | None
    transaction_id: str = ""
    out_refund_no: str | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def compare(bill: Iterable[BillRow], payments_of_day: Iterable[Ours], refunds_of_day: Iterable[Ours],
            known_payments: dict[str, Ours], known_refunds: dict[str, Ours],
            order_states: dict[str, str]) -> tuple[int, list[Difference]]:
    """(lines that agree, differences). `known_*` are our records the bill's lines name, whatever
    their day; `*_of_day` are ours recorded on the bill's day; `order_states` says, for a line we
    have no payment for, what became of the order."""
    agreed, differences = 0, []
    billed_trades, billed_refunds = set(), set()
    for row in bill:
        if row.state == "REFUND":
            billed_refunds.add(row.out_refund_no)
            ours = known_refunds.get(row.out_refund_no or "")
            if ours is None:
                differences.append(Difference("refund_there_not_here", row.out_trade_no, row.refund_fen, None,
                                              row.transaction_id, row.out_refund_no))
            elif ours.amount_fen != row.refund_fen:
                differences.append(Difference("refund_amount_differs", row.out_trade_no, row.refund_fen,
                                              ours.amount_fen, row.transaction_id, row.out_refund_no))
            else:
                agreed += 1
            continue
        billed_trades.add(row.out_trade_no)
        ours = known_payments.get(row.out_trade_no)
        if ours is None:
            state = order_states.get(row.out_trade_no)
            note = f"本系统订单状态：{state}" if state else "本系统没有此订单号"
            differences.append(Difference("paid_there_not_here", row.out_trade_no, row.amount_fen, None,
                                          row.transaction_id, note=note))
        elif ours.amount_fen != row.amount_fen:
            differences.append(Difference("amount_differs", row.out_trade_no, row.amount_fen, ours.amount_fen,
                                          row.transaction_id))
        else:
            agreed += 1
    for ours in payments_of_day:
        if ours.out_trade_no not in billed_trades:
            differences.append(Difference("here_not_there", ours.out_trade_no, None, ours.amount_fen,
                                          ours.transaction_id))
    for ours in refunds_of_day:
        if ours.out_refund_no not in billed_refunds:
            differences.append(Difference("refund_here_not_there", ours.out_trade_no, None, ours.amount_fen,
                                          ours.transaction_id, ours.out_refund_no))
    return agreed, differences


def _payments(condition) -> list[Ours]:
    rows = db.session.execute(select(PaymentOrder.out_trade_no, Payment.amount_fen, Payment.transaction_id)
                              .join(Payment, Payment.order_id == PaymentOrder.id).where(condition))
    return [Ours(number, amount, transaction) for number, amount, transaction in rows]


def _refunds(condition) -> list[Ours]:
    rows = db.session.execute(
        select(PaymentOrder.out_trade_no, Refund.amount_fen, Payment.transaction_id, Refund.out_refund_no)
        .join(Payment, Payment.id == Refund.payment_id).join(PaymentOrder, PaymentOrder.id == Payment.order_id)
        .where(condition))
    return [Ours(number, amount, transaction, refund_no) for number, amount, transaction, refund_no in rows]


def reconcile(day: date) -> ReconciliationRun:
    """Download the day's bill (ProviderUnavailable reaches the caller: the job tries again),
    compare, keep the run."""
    provider = gateway.provider()
    bill = provider.download_bill(day)
    start, end = beijing_day_start(day), beijing_day_start(day + timedelta(days=1))
    trade_numbers = [row.out_trade_no for row in bill if row.state != "REFUND"]
    refund_numbers = [row.out_refund_no for row in bill if row.state == "REFUND" and row.out_refund_no]
    ours = Payment.provider == provider.name
    agreed, differences = compare(
        bill,
        _payments(ours & (Payment.paid_at >= start) & (Payment.paid_at < end)),
        _refunds(ours & (Refund.state == RefundState.succeeded) & (Refund.finished_at >= start)
                 & (Refund.finished_at < end)),
        {o.out_trade_no: o for o in _payments(ours & PaymentOrder.out_trade_no.in_(trade_numbers))},
        {o.out_refund_no: o for o in _refunds(ours & Refund.out_refund_no.in_(refund_numbers))},
        {number: state.label for number, state in db.session.execute(
            select(PaymentOrder.out_trade_no, PaymentOrder.state).where(PaymentOrder.out_trade_no.in_(trade_numbers)))})
    return _keep(day, provider.name, len(bill), agreed, differences)


@atomic
def _keep(day: date, provider: str, bill_rows: int, agreed: int, differences: list[Difference]) -> ReconciliationRun:
    run = db.session.execute(select(ReconciliationRun).where(
        ReconciliationRun.day == day, ReconciliationRun.provider == provider).with_for_update()).scalar_one_or_none()
    if run is None:
        run = ReconciliationRun(day=day, provider=provider)
        db.session.add(run)
    run.ran_at, run.bill_rows, run.agreed = now(), bill_rows, agreed
    run.differences = [asdict(difference) for difference in differences]
    return run


def differences_of(run: ReconciliationRun) -> list[Difference]:
    return [Difference(**values) for values in run.differences]


def recent_runs(limit: int = 60) -> list[ReconciliationRun]:
    return list(db.session.scalars(select(ReconciliationRun).order_by(ReconciliationRun.day.desc()).limit(limit)))
