"""The fee's periodic work, as plain functions the scheduler runs (each idempotent and batched;
run inside an app context; `now` is the scheduler's aware moment):

- `query_pending_orders(now)`: open orders older than a minute are asked about — finds the
  payments whose notification never came;
- `expire_orders(now)`: open orders past their expiry are closed at WeChat and here;
- `query_pending_refunds(now)`: refunds not finished are asked about (or asked for again);
- `reconcile(day)`: the day's bill compared with our records (run it the next morning).

`check_orders` and `reconcile_yesterday` are the scheduler's two jobs made of these.

Provider outages are logged and leave the rows for the next run.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import select

from server.clock import beijing
from server.extensions import db
from server.payments import gateway, reconciliation, refunds
from server.payments.models import PaymentOrder, ReconciliationRun
from server.payments.orders import close_order, sync_order
from server.payments.providers import ProviderRefused, ProviderUnavailable
from server.payments.states import OPEN_ORDER_STATES

log = logging.getLogger(__name__)

BATCH_SIZE = 100
QUERY_AFTER = timedelta(minutes=1)  # give the notification its chance first


def _open_orders(condition, limit: int) -> list[int]:
    return list(db.session.scalars(select(PaymentOrder.id).where(
        PaymentOrder.state.in_(OPEN_ORDER_STATES), PaymentOrder.provider == gateway.provider().name, condition)
        .order_by(PaymentOrder.id).limit(limit)))


def _each(ids: list[int], work, what: str) -> int:
    done = 0
    for row_id in ids:
        try:
            work(row_id)
        except (ProviderUnavailable, ProviderRefused) as error:
            log.warning("%s %s: %s", what, row_id, error)
            continue
        done += 1
    return done


def query_pending_orders(now: datetime, batch_size: int = BATCH_SIZE) -> int:
    """How many open orders were asked about."""
    ids = _open_orders(PaymentOrder.created_at <= now - QUERY_AFTER, batch_size)
    return _each(ids, sync_order, "querying order")


def expire_orders(now: datetime, batch_size: int = BATCH_SIZE) -> int:
    """How many expired orders were closed (or found paid)."""
    ids = _open_orders(PaymentOrder.expires_at <= now, batch_size)
    return _each(ids, lambda order_id: close_order(order_id, "expired"), "closing order")


def query_pending_refunds(now: datetime, batch_size: int = BATCH_SIZE) -> int:
    ids = refunds.open_refund_ids(now - QUERY_AFTER, batch_size)
    return _each(ids, refunds.sync_refund, "querying refund")


def reconcile(day: date) -> ReconciliationRun:
    return reconciliation.reconcile(day)


def check_orders(now: datetime) -> str:
    """The scheduler's job: ask about open orders and refunds, close expired orders."""
    queried, closed, refunds_asked = query_pending_orders(now), expire_orders(now), query_pending_refunds(now)
    return f"查询订单{queried}笔，关闭过期订单{closed}笔，查询退款{refunds_asked}笔"


def reconcile_yesterday(now: datetime) -> str:
    """The scheduler's job, mornings: yesterday's bill (WeChat publishes it after 9:00 Beijing time)."""
    day = beijing(now).date() - timedelta(days=1)
    try:
        run = reconcile(day)
    except ProviderUnavailable as error:
        return f"{day.isoformat()} 的账单暂时无法下载（{error}），稍后重试"
    return f"{day.isoformat()} 对账：账单{run.bill_rows}笔，一致{run.agreed}笔，差异{len(run.differences)}笔"
