"""Invoice files made in the test the way the invoicing platform lays them out: a PDF drawn with
reportlab in the embedded Chinese font (the fully digital 数电票 layout, or the older one with
spaced labels), an OFD (zip of XML, labels in the template, values on the page), and zips of them."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from server.documents.fonts import cjk_font_name
from server.documents.layout import build_pdf, cjk_styles, grid_table_style
from server.money import format_yuan, yuan_in_words
from server.reference.organisations import ASSOCIATION_NAME

SELLER_NUMBER = "51650000MJ0000000X"


@dataclass(frozen=True)
class Sample:
    number: str
    buyer_name: str
    buyer_number: str
    total_fen: int
    remarks: str = ""
    issued_on: date = date(2026, 12, 10)

    @property
    def tax_fen(self) -> int:  # 6% VAT included in the total, as for training services
        return (abs(self.total_fen) * 6 + 53) // 106 * (1 if self.total_fen > 0 else -1)

    @property
    def words(self) -> str:
        words = yuan_in_words(abs(self.total_fen)).replace("元", "圆")
        return words if self.total_fen > 0 else "(负数)" + words

    def money(self, fen: int) -> str:
        return ("-" if fen < 0 else "") + "￥" + format_yuan(abs(fen))


def invoice_pdf(sample: Sample, classic: bool = False) -> bytes:
    """A one-page invoice PDF; `classic` spaces the labels ("名 称：") as older invoices do."""
    font = cjk_font_name()
    styles = cjk_styles(font, base_size=9)
    name_label, number_label = ("名 称：", "纳税人识别号：") if classic else ("名称：", "统一社会信用代码/纳税人识别号：")
    amount = sample.total_fen - sample.tax_fen
    header = Table([[Paragraph("电子发票（普通发票）", styles.title),
                     [Paragraph(f"发票号码：{sample.number}", styles.cell),
                      Paragraph(f"开票日期：{sample.issued_on.year}年{sample.issued_on.month:02d}月"
                                f"{sample.issued_on.day:02d}日", styles.cell)]]],
                   colWidths=[110 * mm, 60 * mm])
    parties = Table([
        ["购买方信息", Paragraph(name_label + escape(sample.buyer_name), styles.cell),
         "销售方信息", Paragraph(name_label + ASSOCIATION_NAME, styles.cell)],
        ["", Paragraph(number_label + sample.buyer_number, styles.cell),
         "", Paragraph(number_label + SELLER_NUMBER, styles.cell)],
    ], colWidths=[15 * mm, 70 * mm, 15 * mm, 70 * mm], style=TableStyle(grid_table_style(font, 8)))
    items = Table([
        ["项目名称", "单位", "数量", "单价", "金额", "税率/征收率", "税额"],
        ["*非学历教育服务*评标专家培训费", "次", "1", format_yuan(abs(amount)), format_yuan(abs(amount)), "6%",
         format_yuan(abs(sample.tax_fen))],
        ["合计", "", "", "", sample.money(amount), "", sample.money(sample.tax_fen)],
        [f"价税合计（大写） {sample.words}", "", "", "", f"（小写）{sample.money(sample.total_fen)}", "", ""],
        [f"备注 {sample.remarks}", "", "", "", "", "", ""],
    ], colWidths=[55 * mm, 12 * mm, 12 * mm, 20 * mm, 28 * mm, 20 * mm, 23 * mm],
        style=TableStyle(grid_table_style(font, 8) + [("SPAN", (0, 3), (3, 3)), ("SPAN", (4, 3), (6, 3)),
                                                      ("SPAN", (0, 4), (6, 4))]))
    story = [header, Spacer(1, 3 * mm), parties, Spacer(1, 3 * mm), items, Spacer(1, 3 * mm),
             Paragraph("开票人：王五", styles.cell)]
    return build_pdf(story, font, title="电子发票", page_numbers=False)


_OFD_NS = "http://www.ofdspec.org/2016"


def _text_objects(items: list[tuple[float, float, str]], first_id: int) -> str:
    return "".join(
        f'<ofd:TextObject ID="{first_id + n}" Boundary="{x} {y} 80 5" Font="1" Size="3.2">'
        f'<ofd:TextCode X="0" Y="3.5">{escape(text)}</ofd:TextCode></ofd:TextObject>'
        for n, (x, y, text) in enumerate(items))


def _content(items: list[tuple[float, float, str]], first_id: int) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="{first_id - 1}">{_text_objects(items, first_id)}</ofd:Layer>'
            '</ofd:Content></ofd:Page>').encode()


def invoice_ofd(sample: Sample, extra: dict[str, bytes] | None = None) -> bytes:
    """An OFD invoice: labels in the page template, values on the page, placed side by side."""
    labels = [(150, 10, "发票号码："), (150, 16, "开票日期："), (20, 30, "名称："), (20, 36, "统一社会信用代码/纳税人识别号："),
              (110, 30, "名称："), (110, 36, "统一社会信用代码/纳税人识别号："), (20, 70, "价税合计（大写）"),
              (120, 70, "（小写）"), (20, 80, "备注")]
    values = [(170, 10, sample.number), (170, 16, f"{sample.issued_on:%Y年%m月%d日}"),
              (32, 30, sample.buyer_name), (75, 36, sample.buyer_number), (122, 30, ASSOCIATION_NAME),
              (165, 36, SELLER_NUMBER), (55, 70, sample.words), (135, 70, sample.money(sample.total_fen)),
              (32, 80, sample.remarks)]
    files = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.1" '
                    'DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                    '</ofd:DocBody></ofd:OFD>').encode(),
        "Doc_0/Document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_OFD_NS}">'
                               '<ofd:CommonData><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
                               '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
                               '</ofd:Pages></ofd:Document>').encode(),
        "Doc_0/Tpls/Tpl_0/Content.xml": _content(labels, 100),
        "Doc_0/Pages/Page_0/Content.xml": _content(values, 200),
        **(extra or {}),
    }
    return zipped(files)


def zipped(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
