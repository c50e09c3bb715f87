"""Every Excel workbook the server writes (review list, payment lists, invoice requests, the exam
results template) goes through `workbook` here, so each is safe to open.

Every value a person typed (a title, a reference, a name) is written as text: a cell that would
start with = + - @, a tab or a carriage return is stored as a string with Excel's quote prefix,
so no spreadsheet ever reads it as a formula (CSV/formula injection), not even after an edit.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported by the first export, not when a worker starts
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """One cell; text that could be read as a formula is forced to text."""
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        made.data_type = "s"
        made.quotePrefix = True
    return made


def workbook(title: str, headers: Sequence[str], widths: Sequence[int],
             rows: Iterable[Sequence[object]], note: str = "") -> bytes:
    """One sheet: bold headers, frozen first row, column widths, then the rows and a closing note."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers:
        made = cell(sheet, text)
        made.font = bold
        header.append(made)
    sheet.append(header)
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
    if note:
        sheet.append(())
        sheet.append([cell(sheet, note)])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
