"""The fee as its applicant sees it: may they pay now (and if not, why and from when, from the
lifecycle's `pay` action), the invoice title, the open order, the payment, the receipt and the
invoices. The mini-program's payment page draws itself from this."""
from __future__ import annotations

import base64
from typing import Any

from flask import current_app

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.models import Application
from server.batches.models import Batch
from server.extensions import db
from server.money import format_yuan
from server.payments.checkout import ITEM, Checkout
from server.payments.invoice_requests import is_issued, prefill, request_of
from server.payments.invoicing import invoices_of_request
from server.payments.models import Channel, InvoiceRequest, InvoiceState, PaymentOrder
from server.payments.qr import payment_qr_png
from server.payments.receipts import receipt_of
from server.payments.refunds import POLICY
from server.payments.rows import open_order_of, paying_payment

HOTLINE = "0991-8837428"  # 缴费系统咨询电话, from the seed
SHOWN_INVOICE_STATES = (InvoiceState.issued, InvoiceState.voided)


def qr_base64(order: PaymentOrder) -> str | None:
    if order.channel is not Channel.native or not order.code_url:
        return None
    png = payment_qr_png(order.code_url, order.expert_number, order.amount_fen, ITEM,
                         current_app.config["PDF_FONT_PATH"])
    return base64.b64encode(png).decode()


def order_view(order: PaymentOrder) -> dict[str, Any]:
    return {"out_trade_no": order.out_trade_no, "channel": order.channel.value, "state": order.state.value,
            "state_label": order.state.label, "amount_fen": order.amount_fen,
            "amount": format_yuan(order.amount_fen), "expert_number": order.expert_number,
            "expires_at": order.expires_at, "code_url": order.code_url, "qr_png_base64": qr_base64(order)}


def checkout_view(checkout: Checkout) -> dict[str, Any]:
    order = db.session.get(PaymentOrder, checkout.order_id)
    return {**order_view(order), "request_payment": checkout.request_payment}


def _request_view(request: InvoiceRequest | None) -> dict[str, Any] | None:
    if request is None:
        return None
    return {"title_kind": request.title_kind.value, "unit_kind": request.unit_kind.value if request.unit_kind else None,
            "title": request.title, "taxpayer_number": request.taxpayer_number, "email": request.email,
            "email_confirmed_at": request.email_confirmed_at}


def payment_view(application: Application, account: Account) -> dict[str, Any]:
    batch = db.session.get(Batch, application.batch_id)
    pay = next((view for view in lifecycle.allowed_actions(application, Actor.applicant(account.id), batch)
                if view.action == "pay"), None)
    request = request_of(application.id)
    suggested = prefill(application)
    paying = paying_payment(application.id)
    receipt = receipt_of(paying.id) if paying else None
    open_order = open_order_of(application.id)
    invoices = [invoice for invoice in invoices_of_request(request.id) if invoice.state in SHOWN_INVOICE_STATES] \
        if request else []
    return {
        "state": application.state.value, "state_label": application.state.label,
        "item": ITEM, "amount_fen": batch.fee_cents, "amount": format_yuan(batch.fee_cents),
        "expert_number": application.expert_number, "pay": pay,
        "invoice_request": _request_view(request),
        "invoice_request_editable": application.state in lifecycle.APPROVED_OR_LATER
        and not (request and is_issued(request.id)),
        "invoice_prefill": {"personal_title": suggested.personal_title, "unit_title": suggested.unit_title,
                            "unit_taxpayer_number": suggested.unit_taxpayer_number, "email": suggested.email},
        "open_order": order_view(open_order) if open_order else None,
        "payment": {"paid_at": paying.paid_at, "amount": format_yuan(paying.amount_fen), "method": paying.method.label,
                    "state": paying.state.value, "state_label": paying.state.label,
                    "refunded": format_yuan(paying.refunded_fen)} if paying else None,
        "receipt": {"number": receipt.number} if receipt else None,
        "invoices": [{"id": invoice.id, "number": invoice.number, "kind": invoice.kind, "state": invoice.state.value,
                      "state_label": invoice.state.label, "issued_on": invoice.issued_on.isoformat(),
                      "amount": format_yuan(invoice.total_fen)} for invoice in invoices],
        "refund_policy": POLICY, "hotline": HOTLINE,
    }
