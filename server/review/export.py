"""The queue as an Excel workbook (openpyxl): Chinese headers, masked ID numbers, Beijing times."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from io import BytesIO
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from server.clock import format_beijing
from server.review.queue import QueueRow

HEADERS = ("序号", "申请编号", "姓名", "身份证号码", "所在市州", "职称", "职称级别", "首选评标专业（一级）",
           "首选评标专业（二级）", "资料提交时间", "提交审核时间", "审核状态", "专家编号")
WIDTHS = (6, 10, 10, 22, 14, 16, 10, 22, 36, 18, 18, 12, 16)
SHEET_TITLE = "资格审核名单"


def _time(moment: datetime | None) -> str:
    return format_beijing(moment) if moment else ""


def _values(number: int, row: QueueRow) -> tuple:
    return (number, row.id, row.name or "", row.id_number_masked, row.prefecture_name,
            row.title or "", row.title_level or "", row.primary_level1, "、".join(row.primary_level2),
            _time(row.submitted_at), _time(row.review_submitted_at), row.state.label,
            row.expert_number or "")


def workbook_bytes(rows: Iterable[QueueRow], note: str = "") -> tuple[bytes, int]:
    """The workbook and how many applications it lists. Times are Beijing wall-clock text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    for column, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + column)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    listed = 0
    for listed, row in enumerate(rows, start=1):
        sheet.append(_values(listed, row))
    if note:
        sheet.append(())
        sheet.append((note,))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), listed


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266 / RFC 5987: an ASCII fallback and the UTF-8 name for browsers that read it."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
