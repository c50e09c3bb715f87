"""What the association reads of the fee: the payments list (filtered by batch, prefecture,
state, paid date, provider, name or expert number), its totals by day and by prefecture, the
duplicates still to refund, and one application's history (orders, payments, refunds, and the
audit entries of each). Reads only; every filter is a WHERE; the viewer's `Scope` always applies."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select

from server.accounts.actors import Scope
from server.applications.models import Application
from server.audit.models import AuditEntry
from server.clock import BEIJING, beijing_day_start
from server.extensions import db
from server.models_base import MAX_ID
from server.payments.models import Payment, PaymentOrder, PaymentState, Refund
from server.payments.states import LIVE_REFUND_STATES
from server.reference.options import bundled_options

PER_PAGE = 50
DUPLICATE = "duplicate"
STATE_FILTERS = {**{state.value: state.label for state in PaymentState}, DUPLICATE: "重复缴费（待退款）"}
PROVIDER_LABELS = {"wechat_v3": "微信支付 API v3", "wechat_v2": "微信支付 API v2", "offline": "线下缴费"}


@dataclass(frozen=True)
class PaymentFilter:
    batch_id: int | None = None
    prefecture_code: str | None = None
    state: str | None = None  # a PaymentState value, or DUPLICATE
    paid_from: date | None = None
    paid_to: date | None = None
    provider: str | None = None
    search: str = ""  # a name (contains) or an expert number / order number (exact)
    page: int = 1
    per_page: int = PER_PAGE
    scope: Scope = Scope()


@dataclass(frozen=True)
class PaymentRow:
    payment_id: int
    application_id: int
    name: str
    expert_number: str
    prefecture_name: str
    out_trade_no: str
    transaction_id: str
    provider: str
    method: str
    amount_fen: int
    refunded_fen: int
    paid_at: datetime
    state: PaymentState
    duplicate: bool

    @property
    def provider_label(self) -> str:
        return PROVIDER_LABELS.get(self.provider, self.provider)


@dataclass(frozen=True)
class Totals:
    count: int
    amount_fen: int
    refunded_fen: int

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.refunded_fen


@dataclass(frozen=True)
class PaymentPage:
    rows: list[PaymentRow]
    total: int
    page: int
    per_page: int
    totals: Totals
    by_day: list[tuple[date, Totals]]
    by_prefecture: list[tuple[str, Totals]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(query: PaymentFilter) -> list:
    conditions: list = [query.scope.where(Application.review_prefecture_code)]
    if query.batch_id is not None:
        conditions.append(Application.batch_id == query.batch_id)
    if query.prefecture_code:
        conditions.append(Application.review_prefecture_code == query.prefecture_code)
    if query.state == DUPLICATE:
        conditions += [Payment.duplicate.is_(True), Payment.state != PaymentState.refunded]
    elif query.state:
        conditions.append(Payment.state == PaymentState(query.state))
    if query.paid_from:
        conditions.append(Payment.paid_at >= beijing_day_start(query.paid_from))
    if query.paid_to:
        conditions.append(Payment.paid_at < beijing_day_start(query.paid_to + timedelta(days=1)))
    if query.provider:
        conditions.append(Payment.provider == query.provider)
    text = query.search.strip()
    if text:
        conditions.append(or_(Application.name.like(_like(text), escape="\\"), Application.expert_number == text,
                              PaymentOrder.out_trade_no == text, Payment.transaction_id == text))
    return conditions


def _joined(columns, query: PaymentFilter):
    return (select(*columns).select_from(Payment)
            .join(PaymentOrder, PaymentOrder.id == Payment.order_id)
            .join(Application, Application.id == Payment.application_id)
            .where(and_(*_conditions(query))))


_COLUMNS = (Payment.id, Payment.application_id, Application.name, Application.expert_number,
            Application.review_prefecture_code, PaymentOrder.out_trade_no, Payment.transaction_id, Payment.provider,
            Payment.method, Payment.amount_fen, Payment.refunded_fen, Payment.paid_at, Payment.state, Payment.duplicate)


def _prefecture_name(code: str | None) -> str:
    found = bundled_options().prefecture(code) if code else None
    return found.name if found else ""


def _row(values) -> PaymentRow:
    (payment_id, application_id, name, expert_number, prefecture, out_trade_no, transaction_id, provider, method,
     amount, refunded, paid_at, state, duplicate) = values
    return PaymentRow(payment_id, application_id, name or "", expert_number or "", _prefecture_name(prefecture),
                      out_trade_no, transaction_id, provider, method.label, amount, refunded, paid_at, state, duplicate)


def _totals(query: PaymentFilter, *group) -> list[tuple]:
    columns = (*group, func.count(Payment.id), func.coalesce(func.sum(Payment.amount_fen), 0),
               func.coalesce(func.sum(Payment.refunded_fen), 0))
    statement = _joined(columns, query)
    if group:
        statement = statement.group_by(*group).order_by(*group)
    return [tuple(values) for values in db.session.execute(statement)]


def _by_day(query: PaymentFilter) -> list[tuple[date, Totals]]:
    """By Beijing day: summed in Python from (paid_at, amounts), portable across both databases."""
    days: dict[date, list[int]] = {}
    for paid_at, amount, refunded in db.session.execute(
            _joined((Payment.paid_at, Payment.amount_fen, Payment.refunded_fen), query)):
        day = paid_at.astimezone(BEIJING).date()
        sums = days.setdefault(day, [0, 0, 0])
        sums[0], sums[1], sums[2] = sums[0] + 1, sums[1] + amount, sums[2] + refunded
    return [(day, Totals(*days[day])) for day in sorted(days)]


def payment_page(query: PaymentFilter) -> PaymentPage:
    [(count, amount, refunded)] = _totals(query)
    per_page = max(1, min(query.per_page, 500))
    page = max(1, min(query.page, max(1, -(-count // per_page))))
    rows = [_row(values) for values in db.session.execute(
        _joined(_COLUMNS, query).order_by(Payment.paid_at.desc(), Payment.id.desc())
        .limit(per_page).offset((page - 1) * per_page))]
    by_prefecture = [(_prefecture_name(code) or "（未填写）", Totals(n, a, r))
                     for code, n, a, r in _totals(query, Application.review_prefecture_code)]
    return PaymentPage(rows, count, page, per_page, Totals(count, amount, refunded), _by_day(query), by_prefecture)


def payment_rows(query: PaymentFilter, chunk: int = 500) -> Iterator[PaymentRow]:
    """Every row of the filter, newest first (the export)."""
    statement = _joined(_COLUMNS, replace(query, page=1)).order_by(Payment.paid_at.desc(), Payment.id.desc())
    for values in db.session.execute(statement.execution_options(yield_per=chunk)):
        yield _row(values)


def duplicates(scope: Scope) -> list[PaymentRow]:
    """Duplicate payments with money left to refund (a refund in progress counts as refunded),
    oldest first: the association refunds them."""
    live = (select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(
        Refund.payment_id == Payment.id, Refund.state.in_(LIVE_REFUND_STATES)).correlate(Payment).scalar_subquery())
    query = PaymentFilter(state=DUPLICATE, scope=scope)
    statement = _joined(_COLUMNS, query).where(Payment.amount_fen > live).order_by(Payment.paid_at)
    return [_row(values) for values in db.session.execute(statement)]


# -- one application's history -----------------------------------------------------------------

@dataclass(frozen=True)
class History:
    application: Application
    orders: list[PaymentOrder]
    payments: list[Payment]
    refunds: list[Refund]
    entries: list[AuditEntry]


def history(application_id: int, scope: Scope) -> History | None:
    application = db.session.get(Application, application_id) if 0 < application_id <= MAX_ID else None
    if application is None or not scope.covers(application.review_prefecture_code):
        return None
    orders = list(db.session.scalars(select(PaymentOrder).where(
        PaymentOrder.application_id == application_id).order_by(PaymentOrder.id)))
    payments = list(db.session.scalars(select(Payment).where(
        Payment.application_id == application_id).order_by(Payment.id)))
    refunds = list(db.session.scalars(select(Refund).where(
        Refund.payment_id.in_([payment.id for payment in payments])).order_by(Refund.id))) if payments else []
    subjects = [("payment_order", str(order.id)) for order in orders] + \
        [("payment", str(payment.id)) for payment in payments] + [("payment_refund", str(r.id)) for r in refunds]
    entries = list(db.session.scalars(select(AuditEntry).where(or_(
        and_(AuditEntry.subject_kind == "application", AuditEntry.subject_id == str(application_id),
             AuditEntry.action.in_(("application.payment_started", "application.payment_recorded",
                                    "application.refunded"))),
        *(and_(AuditEntry.subject_kind == kind, AuditEntry.subject_id == subject) for kind, subject in subjects)))
        .order_by(AuditEntry.at, AuditEntry.id))) if subjects else []
    return History(application, orders, payments, refunds, entries)


def pending_refunds_of(payments: list[Payment]) -> dict[int, int]:
    """payment id → fen refunded or being refunded (failed refunds left out)."""
    if not payments:
        return {}
    rows = db.session.execute(select(Refund.payment_id, func.sum(Refund.amount_fen)).where(
        Refund.payment_id.in_([p.id for p in payments]), Refund.state.in_(LIVE_REFUND_STATES))
        .group_by(Refund.payment_id))
    return {payment_id: int(total) for payment_id, total in rows}


def find_application(text: str, scope: Scope) -> Application | None:
    """By expert number (exact) or application id: for recording an offline payment."""
    text = text.strip()
    condition = Application.expert_number == text
    if text.isdigit() and 0 < int(text) <= MAX_ID:
        condition = or_(condition, Application.id == int(text))
    return db.session.scalars(select(Application).where(condition, scope.where(Application.review_prefecture_code))
                              .limit(1)).first()



ACTION_LABELS = {
    "application.payment_started": "发起缴费", "application.payment_recorded": "确认缴费（申请变为已缴费）",
    "application.refunded": "退费（申请变为已退费）", "payment_order.pending": "订单已在微信支付创建",
    "payment_order.paid": "订单已支付", "payment_order.closed": "订单已关闭", "payment_order.failed": "订单创建失败",
    "payment.offline_recorded": "登记线下缴费", "payment.duplicate_recorded": "记为重复缴费",
    "payment.partially_refunded": "部分退款到账", "payment.refunded": "全额退款到账", "payment.received": "退款撤回",
    "payment.receipt_resent": "重发缴费凭证", "payment_refund.requested": "申请退款",
    "payment_refund.processing": "微信支付已受理退款", "payment_refund.succeeded": "退款成功",
    "payment_refund.failed": "退款失败",
}
