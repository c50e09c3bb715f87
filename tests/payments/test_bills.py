"""The trade bill's text format, read exactly (yuan to fen by Decimal, Beijing times to UTC)."""
from __future__ import annotations

import pytest

from server.payments.providers.bills import HEADER, TOTALS_HEADER, parse

PAYMENT = ("`2026-12-01 10:30:00,`wxd678efh567hg6787,`1900000109,`0,`,`4200001234202612011234567890,"
           "`E20261201001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`350.00,`0.00,"
           "`0,`0,`0.00,`0.00,`,`,`评标专家培训费,`,`2.10000,`0.60%,`350.00,`0.00,`")
REFUND = ("`2026-12-01 23:59:59,`wxd678efh567hg6787,`1900000109,`0,`,`4200001234202612011234567890,"
          "`E20261201001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,"
          "`50000000382019052709732678859,`R001,`100.01,`0.00,`ORIGINAL,`SUCCESS,`评标专家培训费,`,"
          "`-0.60000,`0.60%,`350.00,`100.01,`")
TOTALS = "`2,`350.00,`100.01,`0.00,`1.50000,`350.00,`100.01"


def test_payment_and_refund_lines_are_read_in_fen_and_utc():
    payment, refund = parse("\r\n".join([HEADER, PAYMENT, REFUND, TOTALS_HEADER, TOTALS]))
    assert (payment.state, payment.amount_fen, payment.refund_fen, payment.out_refund_no) == (
        "SUCCESS", 35000, 0, None)
    assert payment.time.isoformat() == "2026-12-01T02:30:00+00:00"
    assert (refund.state, refund.amount_fen, refund.refund_fen, refund.out_refund_no,
            refund.refund_id) == ("REFUND", 35000, 10001, "R001", "50000000382019052709732678859")


def test_a_bill_with_a_byte_order_mark_is_read():
    assert len(parse("\ufeff" + "\n".join([HEADER, PAYMENT, TOTALS_HEADER, TOTALS]))) == 1


@pytest.mark.parametrize("text", ["", "交易时间,别的列\n`1", HEADER + "\n`2026-12-01 10:30:00,`wx"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse(text)


def test_an_amount_finer_than_a_fen_is_refused():
    with pytest.raises(ValueError, match="finer"):
        parse("\n".join([HEADER, "`350.001".join(PAYMENT.rsplit("`350.00", 1))]))
