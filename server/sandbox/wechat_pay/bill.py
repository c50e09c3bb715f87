"""The sandbox's daily trade bill, written in WeChat's format (the providers' parser reads it)."""
from __future__ import annotations

from datetime import date, datetime

from server.clock import BEIJING
from server.payments.providers.bills import HEADER, TOTALS_HEADER
from server.sandbox.wechat_pay.world import PayWorld


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _time(moment: float) -> str:
    return datetime.fromtimestamp(moment, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _line(values: list[str]) -> str:
    return ",".join("`" + value.replace(",", "，") for value in values)


def render(world: PayWorld, day: date, app_id: str) -> str | None:
    """Payments and refunds completed on `day` (Beijing); None when there were none."""
    orders = {order.out_trade_no: order for order in world.orders()}
    lines, paid, refunded = [], 0, 0
    for order in sorted(orders.values(), key=lambda o: o.paid_at or 0):
        if order.paid_at is None or world.day_of(order.paid_at) != day:
            continue
        paid += order.amount_fen
        lines.append(_line([
            _time(order.paid_at), app_id, world.mch_id, "0", "", order.transaction_id or "",
            order.out_trade_no, order.payer_openid or "", order.trade_type, "SUCCESS", "OTHERS",
            "CNY", _yuan(order.amount_fen), "0.00", "0", "0", "0.00", "0.00", "", "",
            order.description, order.attach or "", "0.00000", "0.60%", _yuan(order.amount_fen),
            "0.00", ""]))
    for refund in world.refunds():
        if refund.succeeded_at is None or world.day_of(refund.succeeded_at) != day:
            continue
        order = orders[refund.out_trade_no]
        refunded += refund.refund_fen
        lines.append(_line([
            _time(refund.succeeded_at), app_id, world.mch_id, "0", "", refund.transaction_id,
            refund.out_trade_no, order.payer_openid or "", order.trade_type, "REFUND", "OTHERS",
            "CNY", "0.00", "0.00", refund.refund_id, refund.out_refund_no,
            _yuan(refund.refund_fen), "0.00", "ORIGINAL", "SUCCESS", order.description,
            order.attach or "", "0.00000", "0.60%", _yuan(refund.total_fen),
            _yuan(refund.refund_fen), ""]))
    if not lines:
        return None
    totals = _line([str(len(lines)), _yuan(paid), _yuan(refunded), "0.00", "0.00000",
                    _yuan(paid), _yuan(refunded)])
    return "\r\n".join([HEADER, *lines, TOTALS_HEADER, totals]) + "\r\n"
