"""read_invoice: an issued invoice's file (PDF or OFD) → its number, date, buyer, taxpayer number
and total in fen, read from the printed text; or the Chinese reason it cannot be read."""
from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfWriter
from reportlab.pdfgen.canvas import Canvas

from server.files.pdfs import ENCRYPTED
from server.payments.invoices.issued import (
    NO_TEXT,
    TOO_LARGE,
    UNSUPPORTED,
    InvoiceReadError,
    parse_invoice_text,
    read_invoice,
)
from server.payments.invoices.ofd import BAD_XML, NOT_OFD
from tests.fixtures.invoice_samples import Sample, invoice_ofd, invoice_pdf, zipped

UNIT = Sample(number="26652000000012345678", buyer_name="新疆天山建筑设计研究院有限公司",
              buyer_number="91650100MA77X1234X", total_fen=35000, remarks="申请号 R20261208001")
PERSON = Sample(number="26652000000012345679", buyer_name="买买提·艾力", buyer_number="", total_fen=35000)


def _fields(invoice) -> tuple:
    return (invoice.number, invoice.issued_on, invoice.buyer_name, invoice.buyer_taxpayer_number,
            invoice.total_fen)


EXPECTED_UNIT = ("26652000000012345678", date(2026, 12, 10), "新疆天山建筑设计研究院有限公司",
                 "91650100MA77X1234X", 35000)


def test_a_digital_invoice_pdf_gives_the_buyer_not_the_seller_and_the_total_not_the_net():
    pdf = invoice_pdf(UNIT)
    invoice = read_invoice("发票1.pdf", pdf)
    assert _fields(invoice) == EXPECTED_UNIT  # not 330.19 (the net) nor the association's number
    assert (invoice.filename, invoice.kind, invoice.data) == ("发票1.pdf", "pdf", pdf)
    assert "R20261208001" in invoice.text


def test_an_older_layout_with_spaced_labels_reads_the_same():
    assert _fields(read_invoice("a.pdf", invoice_pdf(UNIT, classic=True))) == EXPECTED_UNIT


def test_an_ofd_invoice_reads_the_same_from_its_template_and_page():
    invoice = read_invoice("发票1.ofd", invoice_ofd(UNIT))
    assert _fields(invoice) == EXPECTED_UNIT
    assert invoice.kind == "ofd"


@pytest.mark.parametrize("make", [invoice_pdf, invoice_ofd])
def test_a_person_as_buyer_has_no_taxpayer_number_and_never_gets_the_sellers(make):
    invoice = read_invoice("p", make(PERSON))
    assert (invoice.buyer_name, invoice.buyer_taxpayer_number) == ("买买提·艾力", "")


@pytest.mark.parametrize("make", [invoice_pdf, invoice_ofd])
def test_a_red_letter_invoice_has_a_negative_total(make):
    assert read_invoice("r", make(dataclasses.replace(UNIT, total_fen=-35000))).total_fen == -35000


def test_totals_with_thousands_separators_and_full_width_characters_are_read_exactly():
    text = ("发票号码：２６６５２０００００００１２３４５６７８ 开票日期：2026年12月10日\n名称：某单位\n"
            "价税合计（大写）壹仟贰佰叁拾肆圆伍角 （小写）￥1,234.50")
    invoice = parse_invoice_text("t.pdf", "pdf", text, b"")
    assert (invoice.number, invoice.total_fen) == ("26652000000012345678", 123450)


def test_every_missing_field_is_named_at_once():
    with pytest.raises(InvoiceReadError) as refused:
        parse_invoice_text("t.pdf", "pdf", "电子发票（普通发票）\n名称：\n", b"")
    assert str(refused.value) == "未能从发票中读出：发票号码、开票日期、购买方名称、价税合计"


def test_an_impossible_date_is_not_a_date():
    with pytest.raises(InvoiceReadError, match="开票日期"):
        parse_invoice_text("t.pdf", "pdf", "发票号码：12345678 开票日期：2026年13月40日 名称：甲 价税合计 ¥350.00",
                           b"")


def test_a_scanned_invoice_without_text_is_explained():
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.rect(100, 100, 300, 200, fill=1)
    canvas.save()
    with pytest.raises(InvoiceReadError) as refused:
        read_invoice("scan.pdf", buffer.getvalue())
    assert str(refused.value) == NO_TEXT


def test_an_encrypted_pdf_is_refused_by_the_upload_checks():
    writer = PdfWriter(clone_from=io.BytesIO(invoice_pdf(UNIT)))
    writer.encrypt("owner-only")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InvoiceReadError) as refused:
        read_invoice("locked.pdf", buffer.getvalue())
    assert str(refused.value) == ENCRYPTED


@pytest.mark.parametrize("name, data", [("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
                                        ("a.pdf", "发票号码".encode()), ("a.ofd", b"")])
def test_other_kinds_of_file_are_refused_whatever_their_name(name, data):
    with pytest.raises(InvoiceReadError) as refused:
        read_invoice(name, data)
    assert str(refused.value) == UNSUPPORTED


def test_a_zip_that_is_not_an_ofd_is_refused():
    with pytest.raises(InvoiceReadError) as refused:
        read_invoice("a.ofd", zipped({"readme.txt": b"hello"}))
    assert str(refused.value) == NOT_OFD


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    b'<ofd:Page xmlns:ofd="x"><ofd:TextCode>&b;</ofd:TextCode></ofd:Page>',
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;</p>',
    b"<ofd:Page xmlns:ofd='x'><unclosed></ofd:Page>",
])
def test_ofd_content_with_entities_or_broken_xml_is_refused(xml):
    ofd = invoice_ofd(UNIT, extra={"Doc_0/Pages/Page_0/Content.xml": xml})
    with pytest.raises(InvoiceReadError) as refused:
        read_invoice("bomb.ofd", ofd)
    assert str(refused.value) == BAD_XML


def test_a_file_over_five_megabytes_is_refused_unread():
    with pytest.raises(InvoiceReadError) as refused:
        read_invoice("big.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))
    assert str(refused.value) == TOO_LARGE
