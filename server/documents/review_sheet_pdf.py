"""The review sheet as an A4 PDF, laid out like the seed's table.

Header: the title, the submission in small print ("第2次提交 · 2026-11-25 12:00") and a vector QR code
pointing at the verification page. Then the ruled table, label | value | label | value, with the
1-inch photo boxed beside the first rows; a part with a heading (the specialties, the avoidance
units) is a table of its own that repeats its heading when it runs over a page. Last, side by side,
the boxes to sign and stamp by hand, with the table's last rows (never alone on a last page). Pages
are numbered "第 N 页 共 M 页" and say that every page is to be signed and stamped ("本表共M页，每页均须
签字并加盖单位公章": the signed scan must have them all); later pages repeat whose sheet and which
submission they belong to. A typical sheet fits one page.
"""
from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from flask import current_app
from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from server.applications.models import ApplicationSnapshot
from server.clock import format_beijing
from server.documents import fonts
from server.documents.fonts import cjk_font_name
from server.documents.layout import (
    MARGIN,
    PAGE_SIZE,
    QrCode,
    blank_line,
    cjk_styles,
    grid_table_style,
    numbered_canvas,
    text,
    unruled_table_style,
)
from server.documents.review_sheet import BASIC_ROW_COUNT, Row, Section, line
from server.documents.review_sheet_source import ReviewSheet, sheet_for

# label | value | label | value | photo: 170 mm, the A4 width inside 20 mm margins
COLUMNS = [30 * mm, 42 * mm, 33 * mm, 36 * mm, 29 * mm]
WIDTH = sum(COLUMNS)
PHOTO_SIZE = (25 * mm, 35 * mm)  # the 1-inch (一寸) photo
PHOTO_MAX_PIXELS = (300, 420)  # ~300 dpi at 25×35 mm: larger photos are scaled down first
BASIC_ROW_MIN_HEIGHT = 9.3 * mm  # the rows beside the photo hold its 35 mm
ROW_MIN_HEIGHT = 5.8 * mm
CELL_PADDING = 2.2  # points above and below a cell's text
SIDE_PADDING = 2.5
QR_SIZE = 24 * mm
STAMP_BOX_HEIGHT = 42 * mm  # a 40–42 mm round seal fits
LABEL_BACKGROUND = colors.HexColor("#f2f2f2")
HEADING_BACKGROUND = colors.HexColor("#dedede")
CHARACTERS_PER_LINE = 36  # CJK characters on one line of a full-width value
CHUNK_LINES = 16  # at most this many lines in one row (~70 mm): rows do not break across pages
CHUNK_CHARACTERS = CHARACTERS_PER_LINE * CHUNK_LINES
QR_CAPTION = "扫码核验本表真伪"
PHOTO_HINT = "一寸<br/>免冠照"
PLEDGE = "本人承诺以上信息及所附材料真实、准确、完整，如有虚假，自愿承担相应责任。"
DATE_LINE = "年　　月　　日"
TAIL_ROWS = 2  # the table's last rows, kept on the page of the boxes to sign and stamp
NOTE = "说明：本表根据提交的资料自动生成。请核对无误后打印，经本人签字、所在单位盖章后扫描为 PDF 文件上传。"


class _Styles:
    def __init__(self, font: str) -> None:
        base = cjk_styles(font)
        self.font = font
        self.title = ParagraphStyle("SheetTitle", parent=base.title, fontSize=14.5, leading=20,
                                    spaceAfter=1 * mm)
        self.small = ParagraphStyle("SheetSmall", parent=base.small, fontSize=8.5, leading=11,
                                    alignment=TA_CENTER)
        self.caption = ParagraphStyle("QrCaption", parent=base.small, fontSize=7, leading=8.5,
                                      alignment=TA_CENTER)
        self.label = ParagraphStyle("Label", parent=base.cell, fontSize=8.8, leading=11.2)
        self.value = ParagraphStyle("Value", parent=base.cell, fontSize=9.5, leading=12.5)
        self.heading = ParagraphStyle("RowHeading", parent=self.value, alignment=TA_CENTER)
        self.box_title = ParagraphStyle("BoxTitle", parent=self.heading, fontSize=8.5, leading=11)
        self.box = ParagraphStyle("Box", parent=base.cell, fontSize=9, leading=12.5)
        self.box_right = ParagraphStyle("BoxRight", parent=self.box, alignment=TA_RIGHT)
        self.note = ParagraphStyle("Note", parent=base.small, fontSize=7.5, leading=10)
        self.hint = ParagraphStyle("PhotoHint", parent=self.value, textColor=colors.grey,
                                   alignment=TA_CENTER)


def submission_line(sheet: ReviewSheet) -> str:
    """"第2次提交 · 2026-11-25 12:00" (Beijing time)."""
    return f"第{sheet.sequence}次提交 · {format_beijing(sheet.submitted_at)}"


def _markup(value: str) -> str:
    """Escaped, with the applicant's own line breaks kept (work experience has several lines)."""
    return "<br/>".join(part for part in (text(piece) for piece in value.splitlines()) if part)


# --- header: title, submission, QR code ---------------------------------------------------------


def _header(sheet: ReviewSheet, styles: _Styles) -> Table:
    title = [Paragraph(text(sheet.title), styles.title),
             Paragraph(text(f"{sheet.batch_name} · {submission_line(sheet)}"), styles.small)]
    code = [QrCode(sheet.verify_url, QR_SIZE), Paragraph(QR_CAPTION, styles.caption)]
    side = QR_SIZE + 6 * mm
    return Table([[title, code]], colWidths=[WIDTH - side, side], style=TableStyle(
        unruled_table_style(styles.font)
        + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "CENTER")]))


# --- the table --------------------------------------------------------------------------------


def _photo(photo: bytes | None, styles: _Styles) -> Flowable:
    """The photo fitted into its box (scaled down first, so a large upload stays small here)."""
    if not photo:
        return Paragraph(PHOTO_HINT, styles.hint)
    try:
        with PILImage.open(BytesIO(photo)) as image:
            if image.width > PHOTO_MAX_PIXELS[0] or image.height > PHOTO_MAX_PIXELS[1]:
                smaller = image.convert("RGB")
                smaller.thumbnail(PHOTO_MAX_PIXELS, PILImage.Resampling.LANCZOS)
                buffer = BytesIO()
                smaller.save(buffer, "JPEG", quality=88)
                photo = buffer.getvalue()
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return Paragraph(PHOTO_HINT, styles.hint)
    return Image(BytesIO(photo), width=PHOTO_SIZE[0], height=PHOTO_SIZE[1], kind="proportional")


def _chunks(value: str) -> list[str]:
    """A long value cut, at its line ends where it can be, into pieces of at most CHUNK_LINES."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for text_line in value.splitlines() or [""]:
        for start in range(0, max(len(text_line), 1), CHUNK_CHARACTERS):
            segment = text_line[start:start + CHUNK_CHARACTERS]
            cost = max(1, -(-len(segment) // CHARACTERS_PER_LINE))
            if current and used + cost > CHUNK_LINES:
                pieces.append("\n".join(current))
                current, used = [], 0
            current.append(segment)
            used += cost
    pieces.append("\n".join(current))
    return pieces


def _expanded(rows: tuple[Row, ...]) -> list[Row]:
    """A row whose one value is too long for a page becomes a row per piece ("工作经历（续）")."""
    result: list[Row] = []
    for row in rows:
        if len(row.cells) != 1 or len(row.cells[0].value) <= CHUNK_CHARACTERS // 2:
            result.append(row)
            continue
        label = row.cells[0].label
        result += [line((label if n == 0 else f"{label}（续）", piece))
                   for n, piece in enumerate(_chunks(row.cells[0].value))]
    return result


def _cells(row: Row, index: int, beside_photo: bool, styles: _Styles) -> tuple[list[Any], list[tuple]]:
    """One table row and the commands that shape it: two label/value pairs, or one value across."""
    cells: list[Any] = [""] * len(COLUMNS)
    commands: list[tuple] = []
    for position, cell in enumerate(row.cells[:2]):
        cells[2 * position] = Paragraph(text(cell.label), styles.label)
        cells[2 * position + 1] = Paragraph(_markup(cell.value), styles.value)
        commands.append(("BACKGROUND", (2 * position, index), (2 * position, index), LABEL_BACKGROUND))
    if len(row.cells) == 1:
        commands.append(("SPAN", (1, index), (3 if beside_photo else 4, index)))
    elif not beside_photo:
        commands.append(("SPAN", (3, index), (4, index)))
    return cells, commands


def _section_table(section: Section, styles: _Styles, photo: Flowable | None,
                   rows: list[Row] | None = None, with_heading: bool = True) -> Table:
    """A part of the sheet as one table (or `rows` of it: the heading only with the first of them)."""
    data: list[list[Any]] = []
    commands = grid_table_style(styles.font) + [
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING), ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), SIDE_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), SIDE_PADDING)]
    minimum: list[float] = []
    heading = section.heading if with_heading else None
    if heading is not None:
        data.append([Paragraph(text(section.heading), styles.heading)] + [""] * (len(COLUMNS) - 1))
        commands += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), HEADING_BACKGROUND)]
        minimum.append(ROW_MIN_HEIGHT)
    band = BASIC_ROW_COUNT if photo is not None else 0
    for number, row in enumerate(_expanded(section.rows) if rows is None else rows):
        cells, shape = _cells(row, len(data), number < band, styles)
        data.append(cells)
        commands += shape
        minimum.append(BASIC_ROW_MIN_HEIGHT if number < band else ROW_MIN_HEIGHT)
    if photo is not None:
        data[0][-1] = photo
        commands += [("SPAN", (4, 0), (4, band - 1)), ("ALIGN", (4, 0), (4, 0), "CENTER")]
    return Table(data, colWidths=COLUMNS, minRowHeights=minimum,
                 repeatRows=1 if heading is not None else 0, style=TableStyle(commands))


def _section_tables(sheet: ReviewSheet, styles: _Styles) -> tuple[list[Flowable], list[Flowable]]:
    """The tables, and apart from them the last rows, which go on the page of the boxes to sign."""
    photo = _photo(sheet.photo, styles)
    sections = [(section, photo if n == 0 else None)
                for n, section in enumerate(sheet.sections) if section.rows or section.heading]
    tables = [_section_table(section, styles, own_photo) for section, own_photo in sections[:-1]]
    last, last_photo = sections[-1]
    rows = _expanded(last.rows)
    if last_photo is not None or len(rows) <= TAIL_ROWS:
        return tables, [_section_table(last, styles, last_photo)]
    tables.append(_section_table(last, styles, None, rows[:-TAIL_ROWS]))
    return tables, [_section_table(last, styles, None, rows[-TAIL_ROWS:], with_heading=False)]


# --- boxes to sign and stamp ------------------------------------------------------------------


def _box(top: str, bottom: list[str], width: float, styles: _Styles) -> Table:
    """What is written in one box: `top` at the top, signature and date lines at the bottom."""
    rows = [[Paragraph(top, styles.box)]] + [[Paragraph(part, styles.box_right)] for part in bottom]
    bottom_height = 6.5 * mm * len(bottom)
    inner = Table(rows, colWidths=[width], rowHeights=[STAMP_BOX_HEIGHT - bottom_height - 4 * mm]
                  + [6.5 * mm] * len(bottom))
    inner.setStyle(TableStyle(unruled_table_style(styles.font) + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                        ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return inner


def signature_boxes(styles: _Styles) -> Table:
    """申请人签字（日期）, 所在单位意见（盖章）, 地州市住房城乡建设主管部门审核意见: empty, side by side."""
    width = WIDTH / 3
    inner = width - 8
    titles = ["申请人签字（日期）", "所在单位意见（盖章）", "地州市住房城乡建设主管部门审核意见"]
    boxes = [_box(PLEDGE, [f"签字：{blank_line(12)}", DATE_LINE], inner, styles),
             _box("", ["（盖章）", DATE_LINE], inner, styles),
             _box("", ["（盖章）", DATE_LINE], inner, styles)]
    return Table([[Paragraph(title, styles.box_title) for title in titles], boxes],
                 colWidths=[width] * 3, rowHeights=[None, STAMP_BOX_HEIGHT],
                 style=TableStyle(grid_table_style(styles.font) + [
                     ("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND), ("VALIGN", (0, 1), (-1, 1), "TOP"),
                     ("TOPPADDING", (0, 1), (-1, 1), 4)]))


# --- the document -----------------------------------------------------------------------------


def _later_pages(sheet: ReviewSheet, font: str) -> Callable[[Canvas, Any], None]:
    """Pages after the first say whose sheet and which submission they belong to."""
    caption = f"{sheet.applicant_name} · 申请和资格审查表（续） · {submission_line(sheet)}"

    def draw(canvas: Canvas, _document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(MARGIN, PAGE_SIZE[1] - MARGIN + 4 * mm, caption)
        canvas.restoreState()

    return draw


def sign_every_page(number: int, total: int) -> str:
    """The foot of each page: its number, and that the scan must carry every page signed and stamped."""
    return f"第 {number} 页 共 {total} 页　　本表共{total}页，每页均须签字并加盖单位公章"


def review_sheet_pdf(sheet: ReviewSheet, font_path: str | None = None) -> bytes:
    """The sheet of one submission as A4 PDF bytes."""
    font = cjk_font_name(font_path)
    styles = _Styles(font)
    tables, tail = _section_tables(sheet, styles)
    story: list[Flowable] = [_header(sheet, styles), Spacer(1, 2 * mm), *tables,
                             KeepTogether([*tail, Spacer(1, 2 * mm), signature_boxes(styles), Spacer(1, 1.5 * mm),
                                           Paragraph(NOTE, styles.note)])]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=sheet.title, subject=sheet.batch_name,
        author="新疆评标专家申报系统", creator="expert-enrollment", initialFontName=font)
    with fonts.one_build():
        document.build(story, onLaterPages=_later_pages(sheet, font),
                       canvasmaker=numbered_canvas(font, footer=sign_every_page))
    return buffer.getvalue()


def sheet_page_count(snapshot: ApplicationSnapshot) -> int:
    """How many pages the sheet of a submission has (the signed scan must have as many)."""
    pdf = review_sheet_pdf(sheet_for(snapshot, with_photo=False), current_app.config.get("PDF_FONT_PATH"))
    from pypdf import PdfReader  # imported when first needed: it weighs ~10 MB

    return len(PdfReader(BytesIO(pdf)).pages)
