"""What every document of ours shares: CJK paragraph styles, tables, the verification QR code,
page numbers, the build itself (A4 unless a document asks for another size, like the A5 receipt).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from server.documents import fonts

PAGE_SIZE = A4
MARGIN = 20 * mm
FOOTER_FONT_SIZE = 9


@dataclass(frozen=True)
class CjkStyles:
    """Paragraph styles that break Chinese text anywhere (`wordWrap='CJK'`), so nothing overflows."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    right: ParagraphStyle


def cjk_styles(font_name: str, base_size: float = 12) -> CjkStyles:
    """The styles of one document, all in the registered CJK font."""

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        extra.setdefault("leading", size * 1.6)
        return ParagraphStyle(name, fontName=font_name, fontSize=size, wordWrap="CJK", **extra)

    return CjkStyles(
        title=style("Title", base_size + 8, alignment=TA_CENTER, spaceAfter=4 * mm),
        subtitle=style("Subtitle", base_size, alignment=TA_CENTER, spaceAfter=6 * mm),
        heading=style("Heading", base_size + 2, spaceBefore=3 * mm, spaceAfter=2 * mm),
        body=style("Body", base_size, alignment=TA_LEFT, firstLineIndent=base_size * 2,
                   spaceAfter=2 * mm),
        small=style("Small", base_size - 2.5, textColor=colors.HexColor("#444444")),
        cell=style("Cell", base_size - 2, leading=(base_size - 2) * 1.35),
        right=style("Right", base_size, alignment=TA_RIGHT),
    )


def text(value: object | None, blank: str = "") -> str:
    """A user's value made safe for Paragraph markup (`&`, `<` would break it); `blank` if empty.

    Runs of whitespace become one space and control characters go: they print as nothing useful.
    """
    cleaned = " ".join(("" if value is None else str(value)).split())
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch) != "Cc")
    return escape(cleaned) if cleaned else blank


def blank_line(width_chars: int = 12) -> str:
    """A line to write on by hand (underscores print on any printer and survive text extraction)."""
    return "_" * width_chars


def grid_table_style(font_name: str, font_size: float = 10) -> list[tuple]:
    """The base commands of a ruled form table (the review sheet); callers append spans etc."""
    return [
        ("FONT", (0, 0), (-1, -1), font_name, font_size),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def unruled_table_style(font_name: str, font_size: float = 9) -> list[tuple]:
    """A layout table: no rules, no padding, and our font (else reportlab sets Helvetica)."""
    return [("FONT", (0, 0), (-1, -1), font_name, font_size)] + [
        (f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]


class QrCode(Flowable):
    """A vector QR code of `url`, `size` points square including its 4-module quiet zone, drawn
    straight on the canvas as one path of dark runs. (reportlab's QR widget builds one checked
    shape per module and encodes twice: ~100 ms a page.) A fixed mask pattern spares the search
    for the best one; every mask is valid and scans alike in print."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=2)
        code.add_data(url)
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.width = self.height = size

    def wrap(self, *_available: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        modules = len(self.matrix)
        unit = self.width / modules
        path = self.canv.beginPath()
        for row_number, row in enumerate(self.matrix):
            bottom = (modules - 1 - row_number) * unit
            for start, length in _dark_runs(row):
                path.rect(start * unit, bottom, length * unit, unit)
        self.canv.drawPath(path, stroke=0, fill=1)


def _dark_runs(row: list[bool]) -> list[tuple[int, int]]:
    """(first column, length) of each run of dark modules in a row."""
    runs: list[tuple[int, int]] = []
    start = None
    for column, dark in enumerate([*row, False]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column - start))
            start = None
    return runs


def page_number(number: int, total: int) -> str:
    return f"第 {number} 页 共 {total} 页"


def numbered_canvas(font_name: str, margin: float = MARGIN,
                    footer: Callable[[int, int], str] = page_number) -> type[Canvas]:
    """A canvas class that writes `footer(N, M)` ("第 N 页 共 M 页") at the foot of every page.

    M is only known at the end, so pages are held back and drawn on `save()`.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                self.setFont(font_name, FOOTER_FONT_SIZE)
                self.drawCentredString(self._pagesize[0] / 2, margin / 2, footer(number, total))
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(story: Sequence[Flowable], font_name: str, *, title: str, subject: str = "",
              author: str = "新疆评标专家申报系统", page_size: tuple[float, float] = PAGE_SIZE,
              margin: float = MARGIN, page_numbers: bool = True) -> bytes:
    """Lay out `story` on (numbered) pages, A4 by default, and return the PDF bytes."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=page_size, leftMargin=margin, rightMargin=margin,
        topMargin=margin, bottomMargin=margin, title=title, subject=subject, author=author,
        creator="expert-enrollment", initialFontName=font_name)  # no stray unembedded Helvetica
    canvas = numbered_canvas(font_name, margin) if page_numbers else Canvas
    with fonts.one_build():
        document.build(list(story), canvasmaker=canvas)
    return buffer.getvalue()
