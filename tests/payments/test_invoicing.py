"""Tax invoices: the requests of a period exported (formula-safe), the issued files uploaded back
(PDF, OFD, a zip), matched to their payments by what they print, the rest listed for a person,
each matched invoice emailed; 红冲 keeps both; a resend sends the same file."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from server.accounts.models import StaffRole
from server.errors import Conflict
from server.extensions import db
from server.payments import invoice_requests, invoicing
from server.payments.models import InvoiceState
from tests.fixtures.invoice_samples import Sample, invoice_ofd, invoice_pdf, zipped
from tests.fixtures.payments import PERSONAL, UNIT, account_of
from tests.fixtures.staff import staff_member

COMPANY_CODE, SCHOOL_CODE = "91650100MA7788990A", "126500004580001230"
COMPANY = {**UNIT, "title": "新疆天山建设集团有限公司", "taxpayer_number": COMPANY_CODE}
SCHOOL = {**UNIT, "unit_kind": "institution", "title": "新疆建设职业技术学院", "taxpayer_number": SCHOOL_CODE}
PERSON = {**PERSONAL, "title": "李四", "email": "lisi@example.com"}


@pytest.fixture
def finance(make_staff) -> int:
    return make_staff(StaffRole.association)


@pytest.fixture
def three_paid(app, paying, sandbox) -> dict[str, tuple[int, str]]:
    """Three paid applications, by title: (application id, order number)."""
    ids = paying.applications([(COMPANY, {}), (SCHOOL, {}), (PERSON, {"name": "李四"})])
    return {title["title"]: (application_id, paying.paid(application_id, sandbox))
            for title, application_id in zip((COMPANY, SCHOOL, PERSON), ids, strict=True)}


def upload(app, finance, files: dict[str, bytes]) -> invoicing.UploadReport:
    with app.app_context():
        report = invoicing.upload_invoices(list(files.items()), staff_member(finance))
        for row in (*report.stored, *report.matched):
            db.session.refresh(row)
        return report


def test_a_zip_of_three_issued_pdfs_is_matched_to_the_right_payments_and_a_fourth_is_listed(
        app, paying, sandbox, finance, three_paid):
    files = zipped({
        "a.pdf": invoice_pdf(Sample("26650000000000000001", COMPANY["title"], COMPANY_CODE, 35000)),
        "b.pdf": invoice_pdf(Sample("26650000000000000002", SCHOOL["title"], SCHOOL_CODE, 35000)),
        "c.pdf": invoice_pdf(Sample("26650000000000000003", "李四", "", 35000)),
        "d.pdf": invoice_pdf(Sample("26650000000000000004", "王五", "", 35000)),
    })
    report = upload(app, finance, {"发票.zip": files})
    assert len(report.stored) == 4 and len(report.matched) == 3 and report.problems == []
    [left] = report.unmatched
    assert left.number == "26650000000000000004" and "王五" in left.note
    with app.app_context():
        for title, (application_id, _number) in three_paid.items():
            request = invoice_requests.request_of(application_id)
            [invoice] = invoicing.invoices_of_request(request.id)
            assert invoice.buyer_name == title and invoice.state is InvoiceState.issued
    paying.send_messages()
    invoices = [mail for mail in sandbox.mails if mail.subject.startswith("发票已开具")]
    assert sorted(mail.to for mail in invoices) == ["lisi@example.com", "zhangsan@example.com", "zhangsan@example.com"]
    assert all(mail.attachments[0].data.startswith(b"%PDF-") for mail in invoices)


def test_an_unmatched_invoice_is_assigned_by_hand_and_emailed(app, paying, sandbox, finance, three_paid):
    report = upload(app, finance, {"x.ofd": invoice_ofd(Sample("26650000000000000009", "李四（个人）", "", 35000))})
    [left] = report.unmatched
    _application_id, order_number = three_paid["李四"]
    with app.app_context():
        invoice = invoicing.assign_invoice(left.id, order_number, staff_member(finance))
        assert (invoice.state, invoice.matched_by) == (InvoiceState.issued, "manual")
    paying.send_messages()
    [mail] = [mail for mail in sandbox.mails if mail.subject.startswith("发票已开具")]
    assert mail.attachments[0].filename == "发票_26650000000000000009.ofd"


def test_an_invoice_uploaded_twice_is_kept_once(app, finance, three_paid):
    pdf = invoice_pdf(Sample("26650000000000000001", COMPANY["title"], COMPANY_CODE, 35000))
    upload(app, finance, {"a.pdf": pdf})
    again = upload(app, finance, {"a-copy.pdf": pdf})
    assert again.stored == [] and [p.reason for p in again.problems] == ["发票 26650000000000000001 已上传过，未重复保存"]


def test_a_file_that_is_no_invoice_is_listed_with_the_reason(app, finance, three_paid):
    report = upload(app, finance, {"notes.txt": b"hello"})
    assert [(p.name, p.reason) for p in report.problems] == [("notes.txt", "不支持的文件类型：发票须为 PDF 或 OFD 文件")]


def test_a_wrong_title_is_corrected_by_red_letter_and_a_new_invoice_both_kept(app, paying, sandbox, finance, three_paid):
    application_id, _number = three_paid["李四"]
    upload(app, finance, {"c.pdf": invoice_pdf(Sample("26650000000000000003", "李四", "", 35000))})
    with app.app_context():
        request = invoice_requests.request_of(application_id)
        [first] = invoicing.invoices_of_request(request.id)
        first_id, request_id = first.id, request.id
        with pytest.raises(Conflict):  # issued: the applicant can no longer change it
            invoice_requests.save_invoice_request(account_of(application_id), {**PERSON, "title": "新疆某公司"})
    red = upload(app, finance, {"red.pdf": invoice_pdf(Sample("26650000000000000005", "李四", "", -35000))})
    assert red.stored[0].state is InvoiceState.red_letter
    with app.app_context():
        invoicing.void_invoice(first_id, staff_member(finance), "抬头应为单位", red.stored[0].id)
        invoice_requests.save_invoice_request(account_of(application_id), {
            **COMPANY, "title": "新疆某公司", "taxpayer_number": "91310110076408176P", "email": "lisi@example.com"})
    upload(app, finance, {"new.pdf": invoice_pdf(Sample("26650000000000000006", "新疆某公司", "91310110076408176P", 35000))})
    with app.app_context():
        states = [(row.number, row.state) for row in invoicing.invoices_of_request(request_id)]
    assert states == [("26650000000000000003", InvoiceState.voided), ("26650000000000000005", InvoiceState.red_letter),
                      ("26650000000000000006", InvoiceState.issued)]


def test_a_resend_sends_the_same_file_to_a_corrected_address(app, paying, sandbox, finance, three_paid):
    pdf = invoice_pdf(Sample("26650000000000000003", "李四", "", 35000))
    report = upload(app, finance, {"c.pdf": pdf})
    with app.app_context():
        invoicing.resend_invoice(report.matched[0].id, staff_member(finance), "lisi@corrected.example.com")
    paying.send_messages()
    sent = [mail for mail in sandbox.mails if mail.subject.startswith("发票已开具")]
    assert [mail.to for mail in sent] == ["lisi@example.com", "lisi@corrected.example.com"]
    assert sent[0].attachments[0].data == sent[1].attachments[0].data == pdf


def test_the_export_lists_the_periods_requests_with_formula_like_text_kept_as_text(app, paying, sandbox, finance):
    [application_id] = paying.applications([({**COMPANY, "title": "=HYPERLINK(\"http://x\")"}, {})])
    number = paying.paid(application_id, sandbox)
    with app.app_context():
        rows, data = invoicing.export_requests(date(2026, 11, 30), date(2026, 11, 30), staff_member(finance))
        assert [row.request_id for row in rows] == [number]
        empty, _ = invoicing.export_requests(date(2026, 12, 1), None, staff_member(finance))
        assert empty == []
    sheet = load_workbook(io.BytesIO(data)).active
    header, first = list(sheet.iter_rows(max_row=2))
    assert header[0].value.startswith("申请号") and first[0].value == number
    assert (first[1].value, first[1].data_type, first[1].quotePrefix) == ("=HYPERLINK(\"http://x\")", "s", True)
    assert (first[4].value, first[6].value, first[7].value) == (COMPANY_CODE, "350.00", "zhangsan@example.com")
