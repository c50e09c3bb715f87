"""The review sheet's PDF: what a viewer reads and renders, the photo, the QR code, page numbers.

Timings and size are measured here too (printed with -s): see test_generation_time_and_size.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from server.documents.review_sheet import Section, line
from server.documents.review_sheet_pdf import review_sheet_pdf
from server.documents.review_sheet_source import ReviewSheet
from tests.documents.pdf_inspection import (
    dark_pixels_per_page,
    decode_qr,
    embedded_file_keys,
    fonts,
    image_xobjects,
    page_count,
    page_texts,
    reader,
)
from tests.fixtures import samples
from tests.fixtures.forms import SHEET, submit_complete

INKED_PAGE_DARK_PIXELS = 3000  # as for the commitment letter: a footer alone has ~40


def joined(pdf: bytes) -> str:
    """All pages' text without whitespace (a wrapped cell may break anywhere)."""
    return "".join("".join(page_texts(pdf)).split())


@pytest.fixture
def pdf(client, submitted) -> bytes:
    response = client.get(f"{SHEET}.pdf", headers=submitted)
    assert response.status_code == 200
    return response.data


def test_the_sheet_reads_back_with_its_title_applicant_and_specialties(pdf):
    text = joined(pdf)
    assert "新疆维吾尔自治区征集（特聘）房屋建筑和市政基础设施工程评标专家申请和资格审查表" in text
    assert "张三" in text
    for expected in ("A04设计", "A0401建筑工程", "A040101建筑总平面规划", "首选评标专业",
                     "1975-01（51岁）", "乌鲁木齐市", "一级注册建筑师", "新165060812345", "新增",
                     "第1次提交·2026-11-25 12:00".replace(" ", "")):
        assert expected in text, expected
    assert reader(pdf).metadata.title == "新疆维吾尔自治区征集（特聘）房屋建筑和市政基础设施工程评标专家申请和资格审查表"


def test_the_boxes_to_sign_and_stamp_are_there(pdf):
    text = joined(pdf)
    for box in ("申请人签字（日期）", "所在单位意见（盖章）", "地州市住房城乡建设主管部门审核意见", "签字：", "（盖章）"):
        assert box in text, box


def test_the_photo_is_embedded_as_a_jpeg_image(pdf):
    images = image_xobjects(pdf)
    assert len(images) == 1
    assert "/DCTDecode" in str(images[0]["filter"])
    assert (images[0]["width"], images[0]["height"]) == (300, 420)  # the upload, passed through


def test_the_font_is_embedded_and_the_page_is_not_blank(pdf):
    for font in fonts(pdf):
        assert "WenQuanYi" in font["/BaseFont"]
        if font["/Subtype"] != "/Type0":
            assert "/FontFile2" in embedded_file_keys(font)
    assert all(count > INKED_PAGE_DARK_PIXELS for count in dark_pixels_per_page(pdf))


def test_a_typical_sheet_is_one_page_numbered(pdf):
    assert page_count(pdf) == 1
    assert "第 1 页 共 1 页" in page_texts(pdf)[0]


def test_the_qr_code_decodes_to_exactly_the_verification_url(client, submitted, pdf):
    url = client.get(SHEET, headers=submitted).json["verify_url"]
    assert decode_qr(pdf) == [url]
    assert "扫码核验本表真伪" in page_texts(pdf)[0]


def test_many_certificates_and_avoidance_units_run_to_two_numbered_pages(client, applicant, files_dir):
    submit_complete(client, applicant, certificates=6, avoidance_units=6)
    pdf = client.get(f"{SHEET}.pdf", headers=applicant).data

    texts = page_texts(pdf)
    assert len(texts) == 2
    assert "第 1 页 共 2 页" in texts[0] and "第 2 页 共 2 页" in texts[1]
    assert "张三·申请和资格审查表（续）·第1次提交" in "".join(texts[1].split())
    everything = joined(pdf)
    assert "职业资格名称7" in everything and "新疆某某建设工程有限公司第6分公司" in everything
    assert "地州市住房城乡建设主管部门审核意见" in everything
    assert all(count > INKED_PAGE_DARK_PIXELS for count in dark_pixels_per_page(pdf))
    url = client.get(SHEET, headers=applicant).json["verify_url"]
    assert decode_qr(pdf, page=1) == [url]


# --- the layout alone, without the database -----------------------------------------------------


def sheet(sections: list[Section], photo: bytes | None = None) -> ReviewSheet:
    basic = Section(None, (line(("姓名", "买买提·艾力"), ("性别", "男")),
                           line(("出生年月（周岁）", "1975-06（51岁）")), line(("所在市州", "喀什地区")),
                           line(("身份证", "650102197506010011"))))
    return ReviewSheet(application_id=7, sequence=2,
                       submitted_at=datetime(2026, 11, 25, 4, tzinfo=UTC),
                       batch_name="2024年全区第二批", applicant_name="买买提·艾力",
                       sections=[basic, *sections], verify_url="https://zj.example.cn/verify/WzcsMl0.abc",
                       photo=photo)


def test_a_2000_character_work_experience_runs_over_pages_and_stays_whole():
    experience = "".join(f"{year}年至{year + 1}年在新疆某设计院从事建筑设计工作；" for year in range(1960, 2026))
    experience = (experience * 2)[:2000]
    pdf = review_sheet_pdf(sheet([Section(None, (line(("工作经历", experience)),))]))

    assert page_count(pdf) >= 2
    without_page_furniture = re.sub(r"第\d页共\d页(本表共\d页，每页均须签字并加盖单位公章)?|买买提·艾力·申请和资格审查表（续）·第2次提交·[-0-9: ]+12:00|工作经历（续）",
                                    "", joined(pdf))
    assert experience in without_page_furniture


def test_a_value_with_markup_is_printed_as_typed_and_lines_are_kept():
    pdf = review_sheet_pdf(sheet([Section(None, (line(("工作单位", "A&B <b>设计院</b>")),
                                                 line(("工作经历", "第一行\n第二行"))))]))
    text = page_texts(pdf)[0]
    assert "A&B <b>设计院</b>" in text
    assert "第一行\n第二行" in text


def test_without_a_photo_the_box_says_where_it_goes():
    pdf = review_sheet_pdf(sheet([]))
    assert image_xobjects(pdf) == []
    assert "一寸免冠照" in joined(pdf)


def test_a_large_photo_is_scaled_down_for_the_sheet():
    pdf = review_sheet_pdf(sheet([], photo=samples.jpeg(900, 1200, (90, 60, 40))))
    [image] = image_xobjects(pdf)
    assert (image["width"], image["height"]) == (300, 400)
    assert len(pdf) < 120_000


def test_the_sheet_and_the_commitment_letter_name_the_same_pool(client, submitted, pdf):
    """The seed's 《新疆维吾尔自治区房屋建筑和市政基础设施工程评标专家管理办法》 names the experts both apply to be."""
    letter = client.get("/api/v1/applications/current/commitment-letter.pdf", headers=submitted)
    assert letter.status_code == 200
    pool = "新疆维吾尔自治区" + "房屋建筑和市政基础设施工程评标专家"
    letter_text = "".join("".join(page_texts(letter.data)).split())
    assert f"自愿申报{pool}" in letter_text
    assert reader(pdf).metadata.title == "新疆维吾尔自治区征集（特聘）房屋建筑和市政基础设施工程评标专家申请和资格审查表"
    assert "工程建设类" not in joined(pdf)


@pytest.mark.parametrize("rows", range(14, 40))
def test_the_boxes_to_sign_never_stand_alone_on_the_last_page(rows):
    """However long the table, its last rows share the last page with the boxes to sign and stamp."""
    lines = tuple(line((f"回避单位{n}", f"新疆某某建设工程有限公司第{n}分公司"), ("统一社会信用代码", "91650100MA77ABCD1X"))
                  for n in range(1, rows + 1))
    pdf = review_sheet_pdf(sheet([Section("回避单位", lines)]))
    last = "".join(page_texts(pdf)[-1].split())
    assert "申请人签字（日期）" in last
    assert f"回避单位{rows}" in last
