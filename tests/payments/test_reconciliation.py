"""Reconciliation against WeChat Pay's daily bill: what agrees, and the three kinds of difference
for payments and for refunds; running a day again replaces its result."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from server.accounts.actors import Actor
from server.clock import BEIJING, now
from server.extensions import db
from server.payments import jobs
from server.payments.models import ReconciliationRun
from server.payments.orders import Report, confirm
from server.payments.providers import BillRow
from server.payments.reconciliation import Ours, compare

DAY = date(2026, 11, 30)
AT = datetime(2026, 11, 30, 12, 0, tzinfo=BEIJING)


def bill_row(number: str, fen: int = 35000, **changes) -> BillRow:
    return BillRow(**{"time": AT, "out_trade_no": number, "transaction_id": "T" + number, "state": "SUCCESS",
                      "amount_fen": fen, **changes})


def test_compare_names_every_kind_of_difference():
    bill = [bill_row("A"), bill_row("B"), bill_row("C", 30000),
            bill_row("A", state="REFUND", refund_fen=35000, out_refund_no="RA"),
            bill_row("B", state="REFUND", refund_fen=100, out_refund_no="RB")]
    ours = {"A": Ours("A", 35000, "TA"), "C": Ours("C", 35000, "TC"), "D": Ours("D", 35000, "TD")}
    refunds = {"RA": Ours("A", 35000, "TA", "RA"), "RB": Ours("B", 200, "TB", "RB"), "RX": Ours("X", 50, "TX", "RX")}
    agreed, differences = compare(bill, ours.values(), refunds.values(),
                                  {k: v for k, v in ours.items() if k in "ABC"},
                                  {k: v for k, v in refunds.items() if k in ("RA", "RB")}, {"B": "已关闭"})
    assert agreed == 2
    assert [(d.kind, d.out_trade_no, d.bill_fen, d.our_fen) for d in differences] == [
        ("paid_there_not_here", "B", 35000, None), ("amount_differs", "C", 30000, 35000),
        ("refund_amount_differs", "B", 100, 200), ("here_not_there", "D", None, 35000),
        ("refund_here_not_there", "X", None, 50)]
    assert differences[0].note == "本系统订单状态：已关闭"


def test_the_days_bill_finds_a_payment_never_recorded_and_one_it_does_not_have(app, paying, sandbox):
    recorded, lost, invented = paying.applications([(None, {}), (None, {}), (None, {})])
    paying.paid(recorded, sandbox)
    lost_number = paying.start(lost, "native").out_trade_no
    sandbox.pay(lost_number, notify=False)
    invented_number = paying.start(invented, "native").out_trade_no
    with app.app_context():  # recorded here, never paid at WeChat Pay
        confirm(invented_number, Report(transaction_id="4200000000000000000000000099", amount_fen=35000,
                                        paid_at=now(), source="query", provider="wechat_v3"), Actor.system())
        run = jobs.reconcile(DAY)
        assert (run.bill_rows, run.agreed) == (2, 1)
        kinds = sorted((d["kind"], d["out_trade_no"]) for d in run.differences)
        assert kinds == sorted([("paid_there_not_here", lost_number), ("here_not_there", invented_number)])
        jobs.reconcile(DAY)
        assert len(db.session.scalars(select(ReconciliationRun)).all()) == 1
