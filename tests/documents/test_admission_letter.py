"""The admission letter (入库通知书): one A4 page naming the expert, their number, specialties and
term, signed by the issuing body, with a QR code to its verification page."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from server.documents.admission_letter import AdmissionLetterData, admission_letter_pdf, chinese_date
from tests.documents.pdf_inspection import dark_pixels_per_page, decode_qr, fonts, page_texts, reader

VERIFY_URL = "http://127.0.0.1:5000/verify/admission/B001-650100-0001.c2lnbmVk"
SPECIALTIES = ("A040101 建筑总平面规划", "A040102 建筑方案设计", "A0402 市政工程设计")

LETTER = AdmissionLetterData(
    expert_number="B001-650100-0001", name="古丽米拉·阿不都", specialties=SPECIALTIES,
    term_start=date(2026, 12, 20), term_end=date(2029, 12, 19), batch_name="2024年全区第二批评标专家",
    issuer="新疆建设工程招标投标协会", issued_on=date(2026, 12, 20), verify_url=VERIFY_URL)


def joined(pdf: bytes) -> str:
    return "".join("".join(page_texts(pdf)).split())


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return admission_letter_pdf(LETTER)


def test_it_is_one_a4_page_titled_admission_letter(pdf):
    document = reader(pdf)
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert document.metadata.title == "入库通知书"


def test_it_names_the_expert_number_specialties_term_and_batch(pdf):
    text = joined(pdf)
    for expected in ("入库通知书", "古丽米拉·阿不都：", "专家编号", "B001-650100-0001",
                     "新疆维吾尔自治区房屋建筑和市政基础设施工程评标专家库", "评标专业",
                     "聘期", "2026年12月20日至2029年12月19日", "2024年全区第二批评标专家"):
        assert expected in text, expected
    for specialty in SPECIALTIES:
        assert specialty.replace(" ", "") in text


def test_it_is_signed_by_the_issuing_body_on_its_date(pdf):
    text = joined(pdf)
    assert "新疆建设工程招标投标协会2026年12月20日" in text


def test_the_qr_code_decodes_to_exactly_the_verification_url(pdf):
    assert decode_qr(pdf) == [VERIFY_URL]
    assert "扫码核验通知书真伪" in joined(pdf)


def test_the_font_is_embedded_and_the_page_is_inked(pdf):
    assert all("WenQuanYi" in font["/BaseFont"] for font in fonts(pdf))
    assert all(count > 3000 for count in dark_pixels_per_page(pdf))


def test_many_specialties_still_fit_one_page():
    many = tuple(f"A0{n:02d}01 专业名称{n}" for n in range(1, 13))
    pdf = admission_letter_pdf(dataclasses.replace(LETTER, specialties=many))
    assert len(reader(pdf).pages) == 1
    assert all(name.replace(" ", "") in joined(pdf) for name in many)


def test_dates_read_the_chinese_way():
    assert chinese_date(date(2027, 1, 5)) == "2027年1月5日"


@pytest.mark.parametrize("change", [{"specialties": ()}, {"term_end": date(2026, 12, 20)},
                                    {"verify_url": ""}])
def test_a_letter_that_would_be_wrong_is_refused(change):
    with pytest.raises(ValueError):
        dataclasses.replace(LETTER, **change)
