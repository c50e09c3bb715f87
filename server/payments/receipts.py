"""The receipt (缴费凭证) of a paying payment: issued with the payment, a snapshot from then on.

`issue_receipt` writes the row in the payment's transaction: a unique number and every printed
value frozen in `data` (the masked ID number, the invoice title chosen then, the amount in fen).
The PDF is rendered from that data once, when first needed (`receipt_document`: the sender
attaching it to the receipt's email, or the first download; never in the payment's request, which
WeChat Pay waits on), and kept in the blob store; every download and every resend gives those
same bytes. The QR code on it opens
`/verify/receipts/<token>`, a token signed with SECRET_KEY naming the receipt.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from server.applications.models import Application
from server.applications.personal_data import decrypt_id_number
from server.applications.rules.id_number import mask_id_number
from server.batches.models import Batch
from server.documents.receipt import ReceiptData, receipt_pdf
from server.documents.verification import mask_name
from server.errors import NotFound
from server.extensions import db
from server.files.storage import BlobMissing
from server.payments import documents
from server.payments.models import InvoiceRequest, Payment, PaymentState, Receipt
from server.payments.numbers import receipt_number
from server.payments.rows import locked
from server.transactions import atomic

log = logging.getLogger(__name__)

SALT = "payment-receipt"
NO_RECEIPT = "缴费凭证不存在"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def verify_url(receipt_id: int) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/verify/receipts/{_serializer().dumps(receipt_id)}"


def read_token(token: str) -> int | None:
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _masked_id(application: Application) -> str:
    token = application.id_number_encrypted
    return mask_id_number(decrypt_id_number(token)) if token else ""


def issue_receipt(payment: Payment, application: Application, batch: Batch,
                  request: InvoiceRequest | None) -> Receipt:
    """The receipt row of a payment that just paid `application` (in the caller's transaction)."""
    receipt = Receipt(payment_id=payment.id, number=receipt_number(payment.id, payment.paid_at), data={})
    db.session.add(receipt)
    db.session.flush()
    receipt.data = {
        "receipt_number": receipt.number,
        "payer_name": application.name or "",
        "masked_id_number": _masked_id(application),
        "expert_number": application.expert_number or "",
        "invoice_title": request.title if request else (application.name or ""),
        "taxpayer_number": (request.taxpayer_number or "") if request else "",
        "amount_fen": payment.amount_fen,
        "paid_at": payment.paid_at.isoformat(),
        "payment_method": payment.method.label,
        "transaction_id": payment.transaction_id,
        "batch_name": batch.name,
        "verify_url": verify_url(receipt.id),
    }
    return receipt


def receipt_data(receipt: Receipt) -> ReceiptData:
    values = dict(receipt.data)
    values["paid_at"] = datetime.fromisoformat(values["paid_at"])
    return ReceiptData(**values)


def receipt_of(payment_id: int) -> Receipt | None:
    return db.session.execute(select(Receipt).where(Receipt.payment_id == payment_id)).scalar_one_or_none()


def receipt_by_id(receipt_id: int) -> Receipt:
    receipt = db.session.get(Receipt, receipt_id)
    if receipt is None:
        raise NotFound(NO_RECEIPT)
    return receipt


def receipt_document(receipt_id: int) -> bytes:
    """The receipt's PDF: the stored one, or rendered from its snapshot and stored now."""
    receipt = receipt_by_id(receipt_id)
    if receipt.pdf_sha256:
        try:
            return documents.read(receipt.pdf_sha256)
        except BlobMissing:
            log.error("receipt %s lost its PDF %s; rendering it again", receipt.number, receipt.pdf_sha256)
    pdf = receipt_pdf(receipt_data(receipt), current_app.config["PDF_FONT_PATH"])
    return _keep_pdf(receipt_id, pdf)


@atomic
def _keep_pdf(receipt_id: int, pdf: bytes) -> bytes:
    """The first rendering stored wins: a concurrent one returns the stored bytes instead."""
    receipt = locked(Receipt, receipt_id)
    if receipt.pdf_sha256:
        try:
            return documents.read(receipt.pdf_sha256)
        except BlobMissing:
            pass
    receipt.pdf_sha256 = documents.keep(pdf)
    return pdf


def filename(receipt: Receipt) -> str:
    return f"缴费凭证_{receipt.number}.pdf"


@dataclass(frozen=True)
class ReceiptCheck:
    """What the public verification page may show."""

    number: str
    masked_name: str
    amount_fen: int
    paid_at: datetime
    item: str
    batch_name: str
    refunded: bool


def check_receipt(token: str) -> ReceiptCheck | None:
    receipt_id = read_token(token)
    receipt = db.session.get(Receipt, receipt_id) if receipt_id is not None else None
    if receipt is None:
        return None
    payment = db.session.get(Payment, receipt.payment_id)
    data = receipt_data(receipt)
    return ReceiptCheck(number=receipt.number, masked_name=mask_name(data.payer_name),
                        amount_fen=data.amount_fen, paid_at=data.paid_at, item=data.item,
                        batch_name=data.batch_name,
                        refunded=payment.state is not PaymentState.received)
