"""An issued invoice's file as it leaves the system (download, email attachment): the bytes
finance uploaded, unchanged."""
from __future__ import annotations

from server.errors import NotFound
from server.extensions import db
from server.mail import Attachment
from server.payments import documents
from server.payments.models import IssuedInvoice

CONTENT_TYPES = {"pdf": "application/pdf", "ofd": "application/ofd"}


def filename(invoice: IssuedInvoice) -> str:
    return f"发票_{invoice.number}.{invoice.kind}"


def invoice_document(invoice_id: int) -> tuple[IssuedInvoice, bytes]:
    invoice = db.session.get(IssuedInvoice, invoice_id)
    if invoice is None:
        raise NotFound("发票不存在")
    return invoice, documents.read(invoice.sha256)


def attachment(invoice_id: int) -> Attachment:
    invoice, data = invoice_document(invoice_id)
    return Attachment(filename(invoice), CONTENT_TYPES[invoice.kind], data)
