"""The fee's messages to applicants, through the outbox, and the one place they leave this area.

Kinds: `payment_received` (the receipt attached), `invoice_issued` (the invoice attached),
`payment_refunded`. Their texts are `templates/messages/<kind>/email.txt` (the subject on the
first line, then the body), rendered by the sender from a JSON-able `context` frozen when the
message is written: Beijing-time strings, amounts as "350.00", the ids of the documents to
attach. They are documents to keep, so they go by email only (to `context["email"]`, the address
the applicant confirmed for the invoice). The attachments are read when the mail is sent: the
stored receipt PDF (rendered once, then the same bytes), the uploaded invoice file.
"""
from __future__ import annotations

from typing import Any

from server.mail import Attachment
from server.messages import outbox
from server.messages.kinds import EmailPart, MessageKind, register
from server.payments import invoice_files, receipts

PAYMENT_RECEIVED, INVOICE_ISSUED, PAYMENT_REFUNDED = "payment_received", "invoice_issued", "payment_refunded"


def _receipt(context: dict[str, Any]) -> list[Attachment]:
    receipt = receipts.receipt_by_id(context["receipt_id"])
    return [Attachment(receipts.filename(receipt), "application/pdf", receipts.receipt_document(receipt.id))]


def _invoice(context: dict[str, Any]) -> list[Attachment]:
    return [invoice_files.attachment(context["invoice_id"])]


register(MessageKind(PAYMENT_RECEIVED, "缴费成功（附缴费凭证）", wechat=False, email=EmailPart(_receipt)))
register(MessageKind(INVOICE_ISSUED, "发票已开具（附发票）", wechat=False, email=EmailPart(_invoice)))
register(MessageKind(PAYMENT_REFUNDED, "退费通知", wechat=False, email=EmailPart()))


def send(account_id: int, kind: str, subject: str, context: dict[str, Any]) -> bool:
    """Write the message in the caller's transaction (`subject` names what it is about, e.g.
    "payment:12"; the same account, kind and subject go out once). False if written before."""
    return outbox.enqueue(account_id, kind, subject, context)
