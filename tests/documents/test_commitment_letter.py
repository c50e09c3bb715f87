"""The integrity commitment letter (诚信承诺书): one A4 page the applicant prints, signs and uploads.

It must read back as text (so the font is embedded and mapped), render as ink on any machine, carry
the applicant's name and batch, and leave signature, ID number and date to be handwritten.
"""
from __future__ import annotations

import pytest

from server.documents.commitment_letter import commitment_letter_pdf
from server.documents.fonts import CjkFontMissing
from tests.documents.pdf_inspection import dark_pixels_per_page, embedded_file_keys, fonts, page_texts, reader

BATCH = "2024年第二批评标专家选聘"
# A page carrying only the footer "第 1 页 共 1 页" has ~40 dark pixels at 50 dpi; the letter ~12,000.
INKED_PAGE_DARK_PIXELS = 3000


@pytest.fixture(scope="module")
def letter() -> bytes:
    return commitment_letter_pdf("买买提·艾力", BATCH)


def test_it_is_one_a4_page_titled_and_filled_in(letter):
    document = reader(letter)
    assert len(document.pages) == 1
    width, height = document.pages[0].mediabox.width, document.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points
    assert document.metadata.title == "评标专家诚信承诺书"

    text = page_texts(letter)[0]
    assert "评标专家诚信承诺书" in text
    assert "买买提·艾力" in text
    assert BATCH in text


def test_it_says_what_the_applicant_promises(letter):
    text = "".join(page_texts(letter)[0].split())
    for promise in ("真实、准确、完整", "不得伪造、虚构内容", "凡提供虚假申请资料的，一经查实",
                    "住房城乡建设主管部门及本人所在单位", "取消申报资格", "公正", "保密", "回避",
                    "不收受投标人"):
        assert promise in text


def test_signature_id_number_and_date_are_left_to_handwrite(letter):
    text = "".join(page_texts(letter)[0].split())
    assert "承诺人（签字）：____" in text
    assert "身份证号码：" in text
    assert "日期：年月日" in text


def test_the_font_travels_inside_the_file(letter):
    used = fonts(letter)
    assert used
    for font in used:
        assert font["/Subtype"] in ("/TrueType", "/Type0", "/CIDFontType2")
        assert font["/Subtype"] != "/CIDFontType0", "a CID font without its file (STSong-Light)"
        if font["/Subtype"] != "/Type0":  # a Type0 font's file sits in its descendant
            assert "/FontFile2" in embedded_file_keys(font), font["/BaseFont"]
        assert "WenQuanYi" in font["/BaseFont"]


def test_the_rendered_page_is_not_blank(letter):
    assert [count > INKED_PAGE_DARK_PIXELS for count in dark_pixels_per_page(letter)] == [True]


def test_without_a_name_there_is_a_blank_line_to_write_on():
    pdf = commitment_letter_pdf(None, BATCH)

    text = "".join(page_texts(pdf)[0].split())
    assert "本人______" in text
    assert BATCH in text
    assert len(reader(pdf).pages) == 1
    assert dark_pixels_per_page(pdf)[0] > INKED_PAGE_DARK_PIXELS


@pytest.mark.parametrize("name", ["欧阳" * 20, "Muhammad" * 5, "阿卜杜热合曼·" * 6])
def test_a_long_name_wraps_and_stays_on_one_page(name):
    assert len(name) >= 40
    pdf = commitment_letter_pdf(name, BATCH)

    assert len(reader(pdf).pages) == 1
    assert name in "".join(page_texts(pdf)[0].split())


@pytest.mark.parametrize("batch_length", [60, 300])  # 60: the longest batch name staff can save
def test_the_longest_names_still_fit_one_signed_sheet(batch_length):
    batch = ("新疆维吾尔自治区房屋建筑和市政基础设施工程评标专家" * 20)[:batch_length]
    pdf = commitment_letter_pdf("欧阳" * 20, batch)

    assert len(reader(pdf).pages) == 1
    text = "".join(page_texts(pdf)[0].split())
    assert "欧阳" * 20 in text and "承诺人（签字）" in text and "日期：年月日" in text


def test_markup_characters_in_a_name_are_printed_as_typed():
    pdf = commitment_letter_pdf("张<b>三&", BATCH)
    assert "张<b>三&" in page_texts(pdf)[0]


def test_a_missing_font_is_the_clear_error(tmp_path):
    missing = str(tmp_path / "wqy-microhei.ttc")
    with pytest.raises(CjkFontMissing, match="fonts-wqy-microhei"):
        commitment_letter_pdf("张三", BATCH, font_path=missing)
