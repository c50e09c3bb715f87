"""The integrity commitment letter (诚信承诺书) template.

The applicant downloads it, prints it, signs it by hand and uploads the scan as a PDF; the seed
requires the signed letter before an application can be submitted. Name and batch are printed so a
reviewer can match the scan to the application; signature, ID number and date are left blank on
purpose: they must be handwritten.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from server.documents.fonts import cjk_font_name
from server.documents.layout import blank_line, build_pdf, cjk_styles, grid_table_style, text
from server.reference.organisations import POOL_EXPERTS, REGION

TITLE = "评标专家诚信承诺书"
ID_NUMBER_LENGTH = 18

PROMISES = (
    "本人在评标专家管理系统中填报的个人信息，以及上传的身份证件、学历证明、职称证书、执业资格证书、"
    "工作经历和评标经历等全部申报材料均真实、准确、完整，不存在伪造、虚构、隐瞒或篡改的内容。",
    "本人知悉：申报人员信息必须真实准确，不得伪造、虚构内容；如所填信息与本人真实信息不符，后果由本人自行承担。"
    "凡提供虚假申请资料的，一经查实，本人自愿被取消申报资格及评标专家资格，并由有关部门通报当地"
    "住房城乡建设主管部门及本人所在单位。",
    "入选评标专家库后，本人将遵守《中华人民共和国招标投标法》及其实施条例等法律法规和评标专家管理的有关规定，"
    "按照招标文件规定的评标标准和方法，客观、公正、独立地履行评标职责，并对本人提出的评审意见承担个人责任。",
    "本人将严格遵守保密纪律，不透露对投标文件的评审和比较、中标候选人的推荐情况以及与评标活动有关的其他情况。",
    "本人与投标人、招标人或招标代理机构存在利害关系，或存在其他可能影响公正评审的情形时，将主动申明并回避，"
    "并如实填报回避单位。",
    "本人不私下接触投标人，不收受投标人、中介人及其他利害关系人的财物或者其他好处，"
    "不参与串通投标、弄虚作假等任何违法违规活动。",
    "本人自愿接受住房城乡建设主管部门及评标专家管理机构的监督管理。如违反上述承诺，"
    "本人愿意承担相应的法律责任，并接受暂停或取消评标专家资格等处理。",
)
NUMERALS = "一二三四五六七八九十"
UPLOAD_NOTE = "说明：本承诺书须由申报人本人手写签字，扫描为 PDF 文件后上传至评标专家管理系统“诚信承诺书上传”处。"


def commitment_letter_pdf(applicant_name: str | None, batch_name: str,
                          font_path: str | None = None) -> bytes:
    """The letter for one applicant and batch, one A4 page; a blank name line when `None`."""
    font = cjk_font_name(font_path)
    styles = cjk_styles(font)
    name = text(applicant_name)
    name_markup = f"<u>&nbsp;{name}&nbsp;</u>" if name else blank_line(14)
    batch = text(batch_name, blank=blank_line(14))

    story: list[Flowable] = [
        Paragraph(TITLE, styles.title),
        Paragraph(f"申报批次：{batch}", styles.subtitle),
        Paragraph(
            f"本人{name_markup}自愿申报{REGION}{POOL_EXPERTS}（{batch}），"
            "现郑重承诺如下：", styles.body),
    ]
    story += [Paragraph(f"{NUMERALS[i]}、{promise}", styles.body) for i, promise in enumerate(PROMISES)]
    story += [Spacer(1, 10 * mm), _signature_block(font, styles.body.fontSize),
              Spacer(1, 8 * mm), Paragraph(UPLOAD_NOTE, styles.small)]
    # Signed on one sheet: if extreme input would spill over, shrink the page's content instead.
    return build_pdf([KeepInFrame(0, 0, story, mode="shrink")], font, title=TITLE, subject=batch_name)


def _signature_block(font: str, size: float) -> Table:
    """Signature, ID number (18 boxes, one per digit) and date, to fill in by hand."""
    box = 6.5 * mm
    id_boxes = Table([[""] * ID_NUMBER_LENGTH], colWidths=[box] * ID_NUMBER_LENGTH,
                     rowHeights=[box * 1.2], style=TableStyle(grid_table_style(font)))
    rows = [
        ["承诺人（签字）：", blank_line(20)],
        ["身份证号码：", id_boxes],
        ["日期：", "　　　　年　　　月　　　日"],
    ]
    table = Table(rows, colWidths=[36 * mm, ID_NUMBER_LENGTH * box + 2 * mm], hAlign="RIGHT",
                  rowHeights=[12 * mm] * len(rows))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, size),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("ALIGN", (0, 0), (0, -1), "RIGHT"),
        ("LEFTPADDING", (1, 0), (1, -1), 0),
    ]))
    return table
