"""The fee's documents as association and admin staff read them in the console: a payment's
receipt (缴费凭证) and an issued invoice (发票). These are the documents association staff read —
never the applicants' identity or qualification files (`server.review.access`). Each reading is
audited (they name the payer)."""
from __future__ import annotations

from server.accounts.actors import Actor, Role
from server.accounts.models import StaffMember
from server.audit.services import record
from server.errors import NotFound
from server.payments import invoice_files, receipts
from server.payments.models import IssuedInvoice, Receipt
from server.transactions import atomic

FEE_ROLES = (Role.association, Role.admin)


def _fee_staff(staff: StaffMember) -> Actor:
    """Association and admin staff; anyone else finds nothing here."""
    actor = Actor.staff(staff)
    if not staff.active or actor.role not in FEE_ROLES:
        raise NotFound("文件不存在")
    return actor


@atomic
def receipt_for_staff(payment_id: int, staff: StaffMember) -> tuple[Receipt, bytes]:
    actor = _fee_staff(staff)
    found = receipts.receipt_of(payment_id)
    if found is None:
        raise NotFound(receipts.NO_RECEIPT)
    record(actor, "payment_document.viewed", "payment_receipt", found.id, payment_id=payment_id)
    return found, receipts.receipt_document(found.id)


@atomic
def invoice_for_staff(invoice_id: int, staff: StaffMember) -> tuple[IssuedInvoice, bytes]:
    actor = _fee_staff(staff)
    invoice, data = invoice_files.invoice_document(invoice_id)
    record(actor, "payment_document.viewed", "issued_invoice", invoice.id, number=invoice.number)
    return invoice, data
