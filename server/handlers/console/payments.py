"""The fee in the console (association and admin): the payments list with its totals and export,
one application's payment history with refund and resend, offline payments, duplicates.
Every change goes through `server.payments`; a refusal is shown on the page it came from."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for

from server.accounts.actors import Scope
from server.accounts.models import StaffRole
from server.clock import format_beijing, now
from server.errors import DomainError, InvalidInput, NotFound
from server.handlers.console import bp
from server.handlers.console.payment_filters import parse_payment_filter
from server.handlers.console.review_filters import batch_choices, valid_id
from server.handlers.console.session import current_staff, staff_required
from server.handlers.documents import send_document
from server.money import format_yuan, parse_yuan
from server.payments import exports, listing, offline, orders, refunds, staff_documents
from server.payments import receipts as receipts_module
from server.payments.gateway import UNAVAILABLE
from server.payments.listing import PROVIDER_LABELS, STATE_FILTERS
from server.payments.models import OFFLINE
from server.payments.offline import OFFLINE_METHODS
from server.payments.providers import ProviderRefused, ProviderUnavailable
from server.payments.receipts import receipt_of
from server.reference.options import bundled_options

FEE_STAFF = (StaffRole.association, StaffRole.admin)


@bp.app_template_filter("yuan")
def _yuan(fen: int | None) -> str:
    return format_yuan(fen or 0) if (fen or 0) >= 0 else "-" + format_yuan(-fen)


@bp.get("/payments")
@staff_required(*FEE_STAFF)
def payments():
    parsed = parse_payment_filter(request.args, current_staff())
    return render_template("console/payments.html", page=listing.payment_page(parsed.query), parsed=parsed,
                           batches=batch_choices(), prefectures=bundled_options().prefectures,
                           states=STATE_FILTERS, providers=PROVIDER_LABELS)


@bp.get("/payments/export.xlsx")
@staff_required(*FEE_STAFF)
def payments_export():
    parsed = parse_payment_filter(request.args, current_staff())
    data = exports.export_payments(parsed.query, current_staff(), {k: v for k, v in parsed.values.items() if v})
    stamp = format_beijing(now(), "%Y%m%d%H%M")
    return send_document(data, f"缴费名单_{stamp}.xlsx", f"payments_{stamp}.xlsx")


def _history_or_404(application_id: int) -> listing.History:
    found = listing.history(application_id, Scope.of(current_staff()))
    if found is None:
        raise NotFound("申请不存在")
    return found


@bp.get("/payments/applications/<int:application_id>")
@staff_required(*FEE_STAFF)
def payment_history(application_id: int):
    found = _history_or_404(application_id)
    receipts = {payment.id: receipt_of(payment.id) for payment in found.payments}
    taken = listing.pending_refunds_of(found.payments)
    return render_template("console/payment_history.html", history=found, receipts=receipts,
                           refundable={p.id: p.amount_fen - taken.get(p.id, 0) for p in found.payments},
                           policy=refunds.POLICY, orders_by_id={o.id: o for o in found.orders},
                           providers=PROVIDER_LABELS, offline=OFFLINE, labels=listing.ACTION_LABELS)


def _back_to(application_id: int):
    return redirect(url_for("console.payment_history", application_id=application_id))


def _refund_amount(text: str) -> int | None:
    if not text.strip():
        return None
    try:
        return parse_yuan(text)
    except ValueError:
        raise InvalidInput.field("amount", "退款金额格式不正确，如 350 或 100.50") from None


def _outcome_message(refund) -> str:
    if refund.state.value == "requested":
        return f"已提交退款 {format_yuan(refund.amount_fen)} 元；{UNAVAILABLE}，系统将自动重试"
    return f"退款 {format_yuan(refund.amount_fen)} 元：{refund.state.label}"


@bp.get("/payments/<int:payment_id>/receipt.pdf")
@staff_required(*FEE_STAFF)
def payment_receipt(payment_id: int):
    receipt, data = staff_documents.receipt_for_staff(payment_id, current_staff())
    return send_document(data, receipts_module.filename(receipt), f"receipt-{receipt.number}.pdf", inline=True)


@bp.post("/payments/<int:payment_id>/refund")
@staff_required(*FEE_STAFF)
def payment_refund(payment_id: int):
    application_id = valid_id(request.form.get("application_id", "")) or 0
    try:
        refund = refunds.request_refund(payment_id, current_staff(), _refund_amount(request.form.get("amount", "")),
                                        request.form.get("reason", ""))
    except DomainError as error:
        flash(f"退款未完成：{error.message}")
    else:
        flash(_outcome_message(refund))
    return _back_to(application_id) if application_id else redirect(url_for("console.payments"))


@bp.post("/payments/<int:payment_id>/resend-receipt")
@staff_required(*FEE_STAFF)
def payment_resend_receipt(payment_id: int):
    application_id = valid_id(request.form.get("application_id", "")) or 0
    try:
        receipt = orders.resend_receipt(payment_id, current_staff(), request.form.get("email"))
    except DomainError as error:
        flash(f"未重发：{error.message}")
    else:
        flash(f"已重新发送缴费凭证 {receipt.number}")
    return _back_to(application_id)


@bp.post("/payments/orders/<int:order_id>/query")
@staff_required(*FEE_STAFF)
def payment_order_query(order_id: int):
    """Ask WeChat Pay about an order now (after a reconciliation difference, say)."""
    application_id = valid_id(request.form.get("application_id", "")) or 0
    try:
        state = orders.sync_order(order_id)
    except (ProviderUnavailable, ProviderRefused):
        flash(UNAVAILABLE)
    except DomainError as error:
        flash(error.message)
    else:
        flash(f"已向微信支付查询：订单{state.label}")
    return _back_to(application_id) if application_id else redirect(url_for("console.reconciliation_runs"))


@bp.route("/payments/offline", methods=["GET", "POST"])
@staff_required(*FEE_STAFF)
def payment_offline():
    staff = current_staff()
    search = (request.values.get("q") or "").strip()
    application = listing.find_application(search, Scope.of(staff)) if search else None
    error = None
    if request.method == "POST" and application is not None:
        try:
            paid_on = date.fromisoformat(request.form.get("paid_on", ""))
        except ValueError:
            paid_on = None
        try:
            offline.record_offline_payment(application.id, staff, method=request.form.get("method"),
                                           reference=request.form.get("reference"), paid_on=paid_on,
                                           note=request.form.get("note"))
        except DomainError as refused:
            error = refused
        else:
            flash(f"已登记 {application.name} 的线下缴费")
            return _back_to(application.id)
    return render_template("console/payment_offline.html", search=search, application=application,
                           methods=OFFLINE_METHODS, error=error, form=request.form,
                           today=format_beijing(now(), "%Y-%m-%d")), (error.status if error else 200)


@bp.get("/payments/duplicates")
@staff_required(*FEE_STAFF)
def payment_duplicates():
    return render_template("console/payment_duplicates.html", rows=listing.duplicates(Scope.of(current_staff())),
                           reason=refunds.DUPLICATE_REASON)


@bp.post("/payments/duplicates/<int:payment_id>/refund")
@staff_required(*FEE_STAFF)
def payment_duplicate_refund(payment_id: int):
    """One click: the whole duplicate back, with the standard reason."""
    try:
        refund = refunds.refund_duplicate(payment_id, current_staff())
    except DomainError as error:
        flash(f"退款未完成：{error.message}")
    else:
        flash(_outcome_message(refund))
    return redirect(url_for("console.payment_duplicates"))
