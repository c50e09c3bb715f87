"""The admission letter (入库通知书): an expert who passed the exam is in the expert pool.

One A4 page: the letter to the expert by name, a table of the expert number, specialties (the
names the caller gives, one per line), term and batch, the issuing body and date, and a QR code to
the letter's verification page, so whoever is shown a printout can check it is genuine and current.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from server.documents.fonts import cjk_font_name
from server.documents.layout import (
    MARGIN,
    PAGE_SIZE,
    QrCode,
    build_pdf,
    cjk_styles,
    grid_table_style,
    text,
    unruled_table_style,
)
from server.reference.organisations import EXPERT_POOL_NAME

TITLE = "入库通知书"
WIDTH = PAGE_SIZE[0] - 2 * MARGIN
COLUMNS = [34 * mm, WIDTH - 34 * mm]
QR_SIZE = 28 * mm
QR_CAPTION = "扫码核验通知书真伪"
DUTIES = ("请遵守《中华人民共和国招标投标法》及其实施条例等法律法规和评标专家管理的有关规定，"
          "按时参加评标活动和继续教育，客观、公正、独立地履行评标职责。聘期内个人信息发生变化的，"
          "请及时登录系统更新。")


def chinese_date(day: date) -> str:
    """2026-12-20 → '2026年12月20日'."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class AdmissionLetterData:
    expert_number: str
    name: str
    specialties: tuple[str, ...]  # as printed: "A040101 建筑总平面规划"
    term_start: date
    term_end: date
    batch_name: str
    issuer: str
    issued_on: date
    verify_url: str
    pool_name: str = EXPERT_POOL_NAME

    def __post_init__(self) -> None:
        if not self.specialties:
            raise ValueError("an admitted expert has at least one specialty")
        if self.term_end <= self.term_start:
            raise ValueError("the term must end after it starts")
        if not self.verify_url:
            raise ValueError("a letter needs its verification URL")


class _Styles:
    def __init__(self, font: str) -> None:
        base = cjk_styles(font, base_size=12)
        self.font = font
        self.title = ParagraphStyle("LetterTitle", parent=base.title, fontSize=24, leading=32,
                                    spaceAfter=2 * mm)
        self.number = ParagraphStyle("LetterNumber", parent=base.small, alignment=TA_CENTER,
                                     spaceAfter=6 * mm)
        self.salutation = ParagraphStyle("Salutation", parent=base.body, firstLineIndent=0)
        self.body = base.body
        self.label = ParagraphStyle("LetterLabel", parent=base.cell, fontSize=11, leading=15,
                                    alignment=TA_CENTER)
        self.value = ParagraphStyle("LetterValue", parent=base.cell, fontSize=11, leading=15)
        self.signature = ParagraphStyle("Signature", parent=base.right, leading=20)
        self.caption = ParagraphStyle("LetterQrCaption", parent=base.small, fontSize=7.5, leading=9,
                                      alignment=TA_CENTER)


def term_line(data: AdmissionLetterData) -> str:
    return f"{chinese_date(data.term_start)}至{chinese_date(data.term_end)}"


def _details(data: AdmissionLetterData, styles: _Styles) -> Table:
    specialties = "<br/>".join(text(name) for name in data.specialties)
    rows = [("专家编号", text(data.expert_number)), ("姓名", text(data.name)),
            ("评标专业", specialties), ("聘期", term_line(data)), ("选聘批次", text(data.batch_name))]
    cells = [[Paragraph(label, styles.label), Paragraph(value, styles.value)] for label, value in rows]
    return Table(cells, colWidths=COLUMNS, minRowHeights=[10 * mm] * len(cells), style=TableStyle(
        grid_table_style(styles.font) + [("TOPPADDING", (0, 0), (-1, -1), 4),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))


def _signature(data: AdmissionLetterData, styles: _Styles) -> Table:
    code = [QrCode(data.verify_url, QR_SIZE), Paragraph(QR_CAPTION, styles.caption)]
    issuer = [Spacer(1, 8 * mm), Paragraph(text(data.issuer), styles.signature),
              Paragraph(chinese_date(data.issued_on), styles.signature)]
    side = QR_SIZE + 6 * mm
    return Table([[code, issuer]], colWidths=[side, WIDTH - side], style=TableStyle(
        unruled_table_style(styles.font) + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                            ("ALIGN", (0, 0), (0, 0), "CENTER")]))


def admission_letter_pdf(data: AdmissionLetterData, font_path: str | None = None) -> bytes:
    """The letter as PDF bytes: one A4 page, whatever the number of specialties."""
    font = cjk_font_name(font_path)
    styles = _Styles(font)
    story: list[Flowable] = [
        Paragraph(TITLE, styles.title),
        Paragraph(f"专家编号：{text(data.expert_number)}", styles.number),
        Paragraph(f"{text(data.name)}：", styles.salutation),
        Paragraph(f"经资格审查、培训和考试，您已入选{text(data.pool_name)}（{text(data.batch_name)}），"
                  "现予通知。您的入库信息如下：", styles.body),
        Spacer(1, 2 * mm), _details(data, styles), Spacer(1, 5 * mm),
        Paragraph(DUTIES, styles.body), Spacer(1, 10 * mm), _signature(data, styles),
    ]
    return build_pdf([KeepInFrame(0, 0, story, mode="shrink")], font, title=TITLE,
                     subject=f"{data.name} {data.expert_number}", author=data.issuer,
                     page_numbers=False)
