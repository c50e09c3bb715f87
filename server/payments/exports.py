"""The payments list as an Excel workbook (formula-safe, Beijing times, amounts in yuan), audited."""
from __future__ import annotations

from itertools import islice

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.audit.services import record
from server.clock import format_beijing
from server.documents.workbooks import workbook
from server.money import format_yuan
from server.payments.listing import PaymentFilter, PaymentRow, payment_page, payment_rows
from server.transactions import atomic

EXPORT_LIMIT = 20_000
HEADERS = ("缴费编号", "姓名", "专家编号", "所在市州", "商户订单号", "交易单号/凭证号", "支付渠道", "支付方式",
           "金额（元）", "已退（元）", "支付时间", "状态", "重复缴费")
WIDTHS = (10, 10, 18, 14, 32, 32, 16, 10, 10, 10, 18, 10, 8)


def _values(row: PaymentRow) -> tuple:
    return (row.payment_id, row.name, row.expert_number, row.prefecture_name, row.out_trade_no, row.transaction_id,
            row.provider_label, row.method, format_yuan(row.amount_fen), format_yuan(row.refunded_fen),
            format_beijing(row.paid_at), row.state.label, "是" if row.duplicate else "")


@atomic
def export_payments(query: PaymentFilter, staff: StaffMember, filters: dict[str, str]) -> bytes:
    actor = Actor.staff(staff)
    total = payment_page(query).total
    note = f"仅导出前{EXPORT_LIMIT}条，请缩小筛选范围" if total > EXPORT_LIMIT else ""
    rows = [_values(row) for row in islice(payment_rows(query), EXPORT_LIMIT)]
    record(actor, "payment.exported", "payment", "*", count=len(rows), filters=filters)
    return workbook("缴费名单", HEADERS, WIDTHS, rows, note)
