"""The payment receipt (缴费凭证): one A5 landscape page that reads back with every value the
applicant and a unit's accountant check, the amount from integer fen, and a QR code to its check."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from server.documents.receipt import ReceiptData, receipt_pdf
from tests.documents.pdf_inspection import (
    dark_pixels_per_page,
    decode_qr,
    embedded_file_keys,
    fonts,
    page_texts,
    reader,
)

VERIFY_URL = "http://127.0.0.1:5000/verify/receipt/SJ20261208000123.Q2hlY2s"
INKED_PAGE_DARK_PIXELS = 3000

RECEIPT = ReceiptData(
    receipt_number="SJ20261208000123", payer_name="买买提·艾力", masked_id_number="650102********1234",
    expert_number="B001-650100-0001", invoice_title="新疆天山建筑设计研究院有限公司",
    taxpayer_number="91650100MA77X1234X", amount_fen=35000,
    paid_at=datetime(2026, 12, 8, 2, 30, 12, tzinfo=UTC), payment_method="微信支付",
    transaction_id="4200002345202612081234567890", batch_name="2024年全区第二批评标专家",
    verify_url=VERIFY_URL)


def joined(pdf: bytes) -> str:
    """The page's text without whitespace (a cell may wrap anywhere)."""
    return "".join("".join(page_texts(pdf)).split())


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return receipt_pdf(RECEIPT)


def test_it_is_one_a5_landscape_page_titled_receipt(pdf):
    document = reader(pdf)
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 420)  # A5 landscape, points
    assert document.metadata.title == "缴费凭证"
    assert "第 1 页" not in page_texts(pdf)[0]  # a one-page receipt needs no page numbers


def test_it_reads_back_with_who_paid_what_for_whom(pdf):
    text = joined(pdf)
    for expected in ("缴费凭证", "凭证号：SJ20261208000123", "交款人", "买买提·艾力", "证件号码",
                     "650102********1234", "专家编号", "B001-650100-0001", "发票抬头",
                     "新疆天山建筑设计研究院有限公司", "纳税人识别号", "91650100MA77X1234X", "收费项目",
                     "评标专家培训费", "支付方式", "微信支付", "交易单号", "4200002345202612081234567890",
                     "选聘批次", "2024年全区第二批评标专家", "收款单位：新疆建设工程招标投标协会"):
        assert expected in text, expected


def test_the_amount_is_350_00_in_figures_and_in_words(pdf):
    text = joined(pdf)
    assert "¥350.00" in text
    assert "人民币叁佰伍拾元整" in text


def test_the_paid_time_is_printed_in_beijing_time(pdf):
    assert "2026-12-0810:30:12（北京时间）" in joined(pdf)


def test_the_qr_code_decodes_to_exactly_the_verification_url(pdf):
    assert decode_qr(pdf) == [VERIFY_URL]
    assert "扫码核验凭证真伪" in joined(pdf)


def test_the_font_is_embedded_and_the_page_is_inked(pdf):
    for font in fonts(pdf):
        assert "WenQuanYi" in font["/BaseFont"]
        if font["/Subtype"] != "/Type0":
            assert "/FontFile2" in embedded_file_keys(font)
    assert all(count > INKED_PAGE_DARK_PIXELS for count in dark_pixels_per_page(pdf))


def test_a_personal_title_without_a_taxpayer_number_prints_none():
    text = joined(receipt_pdf(dataclasses.replace(RECEIPT, invoice_title="买买提·艾力", taxpayer_number="")))
    assert "纳税人识别号无" in text


def test_other_amounts_come_out_exactly_from_fen():
    text = joined(receipt_pdf(dataclasses.replace(RECEIPT, amount_fen=1640902)))
    assert "¥16409.02" in text and "人民币壹万陆仟肆佰零玖元零贰分" in text


def test_markup_characters_in_values_print_as_typed():
    text = joined(receipt_pdf(dataclasses.replace(RECEIPT, invoice_title="A&B<设计>有限公司")))
    assert "A&B<设计>有限公司" in text


def test_very_long_values_still_fit_one_page_and_read_back():
    title = "新疆维吾尔自治区" + "某某" * 60 + "工程咨询有限公司"
    pdf = receipt_pdf(dataclasses.replace(RECEIPT, invoice_title=title, batch_name="第二批" * 20))
    assert len(reader(pdf).pages) == 1
    assert title in joined(pdf)
    assert decode_qr(pdf) == [VERIFY_URL]


@pytest.mark.parametrize("change", [
    {"amount_fen": 350.0}, {"amount_fen": "35000"}, {"amount_fen": 0}, {"amount_fen": True},
    {"paid_at": datetime(2026, 12, 8, 10, 30)}, {"receipt_number": " "}, {"verify_url": ""}])
def test_data_that_would_print_a_wrong_receipt_is_refused(change):
    with pytest.raises(ValueError):
        dataclasses.replace(RECEIPT, **change)


def test_the_data_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RECEIPT.amount_fen = 1  # type: ignore[misc]
