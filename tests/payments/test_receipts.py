"""The receipt: issued with the paying payment, a snapshot of what it prints (the masked ID number,
the title chosen then), its PDF kept in the blob store — where no upload clean-up removes it —
and its verification page saying when the money went back."""
from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from server.accounts.models import StaffRole
from server.extensions import db
from server.files import services as files
from server.files.storage import storage
from server.payments import receipts, refunds
from server.payments.models import Receipt
from server.payments.rows import paying_payment
from tests.fixtures.payments import UNIT, account_of
from tests.fixtures.staff import staff_member


def test_the_receipt_prints_the_title_chosen_and_the_masked_id_number(app, paying, sandbox):
    application_id = paying.application(UNIT)
    paying.paid(application_id, sandbox)
    with app.app_context():
        receipt = receipts.receipt_of(paying_payment(application_id).id)
        data = receipts.receipt_data(receipt)
        assert (data.invoice_title, data.taxpayer_number, data.amount_fen) == (UNIT["title"], UNIT["taxpayer_number"], 35000)
        assert data.masked_id_number.startswith("650102") and "*" in data.masked_id_number
        text = PdfReader(io.BytesIO(receipts.receipt_document(receipt.id))).pages[0].extract_text()  # rendered now
        assert receipt.number in text and UNIT["title"] in text and data.masked_id_number in text


def test_the_receipts_pdf_survives_the_clean_up_of_an_upload_of_the_same_bytes(app, paying, sandbox, clock):
    application_id = paying.application()
    paying.paid(application_id, sandbox)
    with app.app_context():
        receipt = receipts.receipt_of(paying_payment(application_id).id)
        pdf = receipts.receipt_document(receipt.id)
        files.upload(account_of(application_id).id, "certificate_proof", "凭证.pdf", pdf)  # never claimed
        clock.shift(timedelta(days=2))
        assert files.remove_unclaimed() == 1
        assert storage().exists(db.session.get(Receipt, receipt.id).pdf_sha256)
        assert receipts.receipt_document(receipt.id) == pdf


def test_the_verification_page_says_when_the_money_went_back(app, client, paying, sandbox, make_staff):
    application_id = paying.application()
    paying.paid(application_id, sandbox)
    association = make_staff(StaffRole.association)
    with app.app_context():
        payment = paying_payment(application_id)
        url = receipts.receipt_data(receipts.receipt_of(payment.id)).verify_url
        valid = client.get(url.removeprefix(paying.live_url)).get_data(as_text=True)
        refund = refunds.request_refund(payment.id, staff_member(association), 10000, "部分退还")
    assert "有效" in valid
    sandbox.finish_refund(refund.out_refund_no)
    page = client.get(url.removeprefix(paying.live_url)).get_data(as_text=True)
    assert "款项已退还" in page
