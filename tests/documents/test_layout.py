"""The shared A4 layout: CJK styles that wrap anywhere, and "第 N 页 共 M 页" on every page."""
from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.platypus import PageBreak, Paragraph

from server.documents.fonts import cjk_font_name
from server.documents.layout import MARGIN, PAGE_SIZE, blank_line, build_pdf, cjk_styles, text
from tests.documents.pdf_inspection import page_texts, reader


def test_every_page_says_which_page_of_how_many():
    font = cjk_font_name()
    styles = cjk_styles(font)
    story = [Paragraph("第一部分", styles.body), PageBreak(), Paragraph("第二部分", styles.body),
             PageBreak(), Paragraph("第三部分", styles.body)]

    texts = page_texts(build_pdf(story, font, title="测试"))

    assert len(texts) == 3
    for number, page in enumerate(texts, start=1):
        assert f"第 {number} 页 共 3 页" in page


def test_all_styles_use_the_cjk_font_and_break_chinese_lines():
    font = cjk_font_name()
    for style in vars(cjk_styles(font)).values():
        assert style.fontName == font
        assert style.wordWrap == "CJK"


def test_a_long_unbroken_value_wraps_inside_the_margins():
    styles = cjk_styles(cjk_font_name())
    width = PAGE_SIZE[0] - 2 * MARGIN
    for value in ("新" * 120, "A" * 120, "1234567890" * 12):
        paragraph = Paragraph(text(value), styles.body)
        _, height = paragraph.wrap(width, PAGE_SIZE[1])
        assert height > styles.body.leading, "more than one line"
        assert all(line_width <= width + 0.01 for line_width in _line_widths(paragraph))


def test_user_values_are_escaped_and_blanks_are_lines_to_write_on():
    assert text("A&B <b>") == "A&amp;B &lt;b&gt;"
    assert text("  张 \t\n  三 ") == "张 三"
    assert text("张\x00三\x07") == "张三"
    assert text(None, blank="___") == text("   ", blank="___") == text("\x00", blank="___") == "___"
    assert text(0) == "0"
    assert blank_line(5) == "_____"


def test_another_page_size_keeps_its_numbers_and_a_single_sheet_can_go_without():
    font = cjk_font_name()
    story = [Paragraph("一页", cjk_styles(font).body)]
    numbered = build_pdf(story, font, title="测试", page_size=A5)
    page = reader(numbered).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (420, 595)
    assert "第 1 页 共 1 页" in page_texts(numbered)[0]
    assert "第 1 页" not in page_texts(build_pdf(story, font, title="测试", page_numbers=False))[0]


def _line_widths(paragraph: Paragraph) -> list[float]:
    """The drawn width of each line (reportlab counts the first line's indent in)."""
    return paragraph.getActualLineWidths0()
