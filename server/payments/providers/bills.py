"""The daily trade bill (交易账单), the same text format in API v2 and v3.

A header line, one line per payment or refund with every value prefixed by a backquote, then a
totals header and a totals line. Amounts are yuan with two decimals; times are Beijing time.
"""
from __future__ import annotations

import csv
import io

from server.payments.providers.base import BillRow
from server.payments.providers.formats import beijing_dashed, yuan_to_fen

HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
          "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
          "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
TOTALS_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
COLUMNS = HEADER.split(",")


def parse(text: str) -> list[BillRow]:
    """The bill's trade lines as BillRows; ValueError when it is not a bill in this format."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines or lines[0].split(",")[:len(COLUMNS)] != COLUMNS:
        raise ValueError("not a trade bill (unexpected header)")
    rows = []
    for line in lines[1:]:
        if line.startswith(TOTALS_HEADER.split(",")[0]):
            break
        values = [value.lstrip("`") for value in next(csv.reader(io.StringIO(line)))]
        if len(values) < len(COLUMNS):
            raise ValueError("short bill line")
        row = dict(zip(COLUMNS, values, strict=False))  # WeChat may append columns
        refund = row["交易状态"] == "REFUND"
        rows.append(BillRow(
            time=beijing_dashed(row["交易时间"]), out_trade_no=row["商户订单号"],
            transaction_id=row["微信订单号"], state=row["交易状态"],
            amount_fen=yuan_to_fen(row["订单金额"] or row["应结订单金额"]),
            refund_fen=yuan_to_fen(row["申请退款金额"]) if refund else 0,
            out_refund_no=(row["商户退款单号"] or None) if refund else None,
            refund_id=(row["微信退款单号"] or None) if refund else None))
    return rows
