"""The payment receipt (缴费凭证): proof that the training fee was paid, emailed and downloadable
at once; the tax invoice (发票) follows from the association's finance staff.

One A5 landscape page: the receipt number, who paid (name, masked ID number, expert number), the
invoice title and taxpayer number the applicant chose, the item and amount (大写 and figures, from
integer fen), when and how it was paid, and a QR code to the receipt's verification page. A receipt
is a snapshot: the caller stores the bytes (or the data) and sends the same document again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from server.clock import format_beijing
from server.documents.fonts import cjk_font_name
from server.documents.layout import QrCode, build_pdf, cjk_styles, grid_table_style, text, unruled_table_style
from server.money import format_yuan, yuan_in_words
from server.reference.organisations import ASSOCIATION_NAME

TITLE = "缴费凭证"
ITEM = "评标专家培训费"
PAGE_SIZE = landscape(A5)
MARGIN = 12 * mm
WIDTH = PAGE_SIZE[0] - 2 * MARGIN
COLUMNS = [28 * mm, WIDTH / 2 - 28 * mm, 28 * mm, WIDTH / 2 - 28 * mm]
QR_SIZE = 26 * mm
QR_CAPTION = "扫码核验凭证真伪"
NONE = "无"
NOTE = ("说明：本凭证为缴费证明，由系统在支付成功时生成。增值税发票由收款单位另行开具，"
        "将发送至您填写的电子邮箱。")


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed, as the caller has it: the ID number already masked, the amount in fen,
    `paid_at` aware (printed in Beijing time). An empty taxpayer number prints as 无."""

    receipt_number: str
    payer_name: str
    masked_id_number: str
    expert_number: str
    invoice_title: str
    taxpayer_number: str
    amount_fen: int
    paid_at: datetime
    payment_method: str  # "微信支付", "银行转账"
    transaction_id: str
    batch_name: str
    verify_url: str
    item: str = ITEM
    issuer: str = ASSOCIATION_NAME

    def __post_init__(self) -> None:
        if not self.receipt_number.strip():
            raise ValueError("a receipt needs its number")
        amount = self.amount_fen
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError(f"amount_fen must be a positive integer, not {self.amount_fen!r}")
        if self.paid_at.tzinfo is None:
            raise ValueError("paid_at must be timezone-aware")
        if not self.verify_url:
            raise ValueError("a receipt needs its verification URL")


class _Styles:
    def __init__(self, font: str) -> None:
        base = cjk_styles(font, base_size=10)
        self.font = font
        self.title = ParagraphStyle("ReceiptTitle", parent=base.title, fontSize=20, leading=26,
                                    spaceAfter=0)
        self.number = ParagraphStyle("ReceiptNumber", parent=base.small, alignment=TA_RIGHT)
        self.label = ParagraphStyle("ReceiptLabel", parent=base.cell, alignment=TA_CENTER)
        self.value = ParagraphStyle("ReceiptValue", parent=base.cell, fontSize=9.5, leading=12.5)
        self.amount = ParagraphStyle("ReceiptAmount", parent=self.value, fontSize=11, leading=14)
        self.issuer = ParagraphStyle("ReceiptIssuer", parent=base.body, firstLineIndent=0,
                                     spaceAfter=1 * mm)
        self.caption = ParagraphStyle("ReceiptQrCaption", parent=base.small, fontSize=7, leading=8.5,
                                      alignment=TA_CENTER)
        self.note = ParagraphStyle("ReceiptNote", parent=base.small, fontSize=7.5, leading=10)


def _rows(data: ReceiptData) -> list[tuple[str, ...]]:
    """The table: pairs on a line where both are short, one value across where it may be long."""
    amount = data.amount_fen
    paid_at = format_beijing(data.paid_at, "%Y-%m-%d %H:%M:%S") + "（北京时间）"
    return [
        ("交款人", data.payer_name, "证件号码", data.masked_id_number),
        ("专家编号", data.expert_number, "选聘批次", data.batch_name),
        ("发票抬头", data.invoice_title),
        ("纳税人识别号", data.taxpayer_number or NONE),
        ("收费项目", data.item, "支付方式", data.payment_method),
        ("金额（大写）", f"人民币{yuan_in_words(amount)}", "金额（小写）", f"¥{format_yuan(amount)}"),
        ("支付时间", paid_at, "交易单号", data.transaction_id),
    ]


def _style_of(label: str, position: int, styles: _Styles) -> ParagraphStyle:
    if position % 2 == 0:
        return styles.label
    return styles.amount if label.startswith("金额") else styles.value


def _table(data: ReceiptData, styles: _Styles) -> Table:
    cells: list[list[Paragraph | str]] = []
    commands = grid_table_style(styles.font) + [("TOPPADDING", (0, 0), (-1, -1), 3),
                                                ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for index, row in enumerate(_rows(data)):
        line: list[Paragraph | str] = []
        for position, value in enumerate(row):
            line.append(Paragraph(text(value), _style_of(row[0], position, styles)))
        if len(row) == 2:
            line += ["", ""]
            commands.append(("SPAN", (1, index), (3, index)))
        cells.append(line)
    return Table(cells, colWidths=COLUMNS, minRowHeights=[8 * mm] * len(cells),
                 style=TableStyle(commands))


def _foot(data: ReceiptData, styles: _Styles) -> Table:
    issuer = [Paragraph(f"收款单位：{text(data.issuer)}", styles.issuer),
              Spacer(1, 2 * mm), Paragraph(NOTE, styles.note)]
    code = [QrCode(data.verify_url, QR_SIZE), Paragraph(QR_CAPTION, styles.caption)]
    side = QR_SIZE + 4 * mm
    return Table([[issuer, code]], colWidths=[WIDTH - side, side], style=TableStyle(
        unruled_table_style(styles.font) + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                            ("ALIGN", (1, 0), (1, 0), "CENTER"),
                                            ("TOPPADDING", (0, 0), (-1, -1), 3 * mm)]))


def receipt_pdf(data: ReceiptData, font_path: str | None = None) -> bytes:
    """The receipt as PDF bytes: one A5 landscape page, whatever the lengths of the values."""
    font = cjk_font_name(font_path)
    styles = _Styles(font)
    story: list[Flowable] = [Paragraph(TITLE, styles.title),
                             Paragraph(f"凭证号：{text(data.receipt_number)}", styles.number),
                             Spacer(1, 1.5 * mm), _table(data, styles), _foot(data, styles)]
    return build_pdf([KeepInFrame(0, 0, story, mode="shrink")], font, title=TITLE,
                     subject=f"{data.item} {data.receipt_number}", author=data.issuer,
                     page_size=PAGE_SIZE, margin=MARGIN, page_numbers=False)
