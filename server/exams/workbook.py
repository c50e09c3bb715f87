"""Reading an exam-results workbook (.xlsx) safely: bounded, formula-free, every row judged.

The file is refused whole when it is too large (2 MB, or 50 MB once unpacked: a zip bomb), not an
xlsx, or lacks the columns 专家编号 and 是否通过 (成绩 and 姓名 are optional; the header row is the
first non-empty one). openpyxl reads it read-only and without evaluating anything; a formula cell
is a problem of its row, never a value (the workbook could say anything its author computed).
Each row is judged on its own; matching the rows to applications is `results`. The template
staff fill in (`template_bytes`) lists the paid applicants, every value written as text.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from server.documents.workbooks import workbook
from server.errors import InvalidInput
from server.files.inspection import FileTooLarge
from server.files.kinds import MB

MAX_BYTES = 2 * MB
MAX_UNPACKED = 50 * MB
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_SCORE = Decimal(100)
COLUMNS = {
    "expert_number": ("专家编号",),
    "name": ("姓名",),
    "score": ("成绩", "考试成绩", "分数"),
    "passed": ("是否通过", "考试结果", "是否合格", "结果"),
}
REQUIRED = ("expert_number", "passed")
PASSED = {"是": True, "通过": True, "已通过": True, "合格": True,
          "否": False, "未通过": False, "不通过": False, "不合格": False}
NOT_XLSX = "成绩文件须为 Excel 文件（.xlsx），请用 Excel 或 WPS “另存为” .xlsx 后上传"
HEADER_HELP = "成绩文件的第一行须为表头，至少包括“专家编号”和“是否通过”两列（“成绩”“姓名”可选）"


@dataclass(frozen=True)
class ResultLine:
    row: int  # the row number Excel shows
    expert_number: str
    name: str | None
    score: str | None
    passed: bool


@dataclass
class ResultSheet:
    lines: list[ResultLine] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)  # row number → what is wrong, in Chinese


def _header(value: Any) -> str | None:
    text = "".join(str(value).split()).strip("*＊") if value is not None else ""
    return next((key for key, names in COLUMNS.items() if text in names), None)


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_score(value: Any) -> tuple[str | None, str | None]:
    """(score as stored, problem)."""
    if value is None or _text(value) == "":
        return None, None
    if isinstance(value, bool):
        return None, "成绩须为数字"
    try:
        number = Decimal(_text(value))
    except InvalidOperation:
        return None, f"成绩“{_text(value)}”不是数字"
    if not number.is_finite() or not 0 <= number <= MAX_SCORE:
        return None, f"成绩须在0到{MAX_SCORE}之间"
    if number != number.quantize(Decimal("0.01")):
        return None, "成绩最多保留两位小数"
    return format(number.normalize(), "f"), None


def _passed(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return PASSED.get(_text(value))


def _line(row: int, cells: dict[str, Any]) -> tuple[ResultLine | None, str | None]:
    problems = [f"“{COLUMNS[key][0]}”是公式，请复制后“选择性粘贴为数值”再上传"
                for key, cell in cells.items() if _is_formula(cell)]
    if problems:
        return None, "；".join(problems)
    values = {key: cell.value for key, cell in cells.items()}
    expert_number = _text(values.get("expert_number"))
    passed = _passed(values.get("passed"))
    score, score_problem = parse_score(values.get("score"))
    if not expert_number:
        problems.append("专家编号为空")
    elif len(expert_number) > 24:
        problems.append(f"专家编号“{expert_number[:24]}…”过长")
    if passed is None:
        problems.append("是否通过须填写“是”或“否”（也可填 通过/未通过、合格/不合格）")
    if score_problem:
        problems.append(score_problem)
    if problems:
        return None, "；".join(problems)
    return ResultLine(row, expert_number, _text(values.get("name")) or None, score, passed), None


def _open(data: bytes):
    if not data:
        raise InvalidInput.field("file", "请选择成绩文件")
    if len(data) > MAX_BYTES:
        raise FileTooLarge.over(MAX_BYTES)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise InvalidInput.field("file", NOT_XLSX) from None
    if unpacked > MAX_UNPACKED:
        raise InvalidInput.field("file", "成绩文件解压后过大，请删除多余的工作表、图片后重新上传")
    from openpyxl import load_workbook  # imported by the first upload of results, not at start

    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on files it cannot read
        raise InvalidInput.field("file", NOT_XLSX) from None


def read_results(data: bytes) -> ResultSheet:
    """Every row of the first sheet, judged; the file itself refused when it cannot be used."""
    book = _open(data)
    try:
        return _read_sheet(book.worksheets[0].iter_rows(max_col=MAX_COLUMNS))
    except InvalidInput:
        raise
    except Exception:
        raise InvalidInput.field("file", NOT_XLSX) from None
    finally:
        book.close()


def _read_sheet(rows) -> ResultSheet:
    sheet, columns, read = ResultSheet(), None, 0
    for number, cells in enumerate(rows, start=1):
        if all(_text(cell.value) == "" for cell in cells):
            continue
        if columns is None:
            columns = {key: index for index, cell in enumerate(cells) if (key := _header(cell.value))}
            if any(key not in columns for key in REQUIRED):
                raise InvalidInput.field("file", HEADER_HELP)
            continue
        read += 1
        if read > MAX_ROWS:
            raise InvalidInput.field("file", f"成绩文件最多{MAX_ROWS}行，请分成几个文件上传")
        line, problem = _line(number, {key: cells[index] for key, index in columns.items() if index < len(cells)})
        if problem:
            sheet.problems[number] = problem
        else:
            sheet.lines.append(line)
    if columns is None:
        raise InvalidInput.field("file", "成绩文件是空的")
    return sheet


TEMPLATE_HEADERS = ("专家编号", "姓名", "成绩", "是否通过")
TEMPLATE_WIDTHS = (22, 14, 10, 12)


def template_bytes(rows: Iterable[tuple[str, str]]) -> bytes:
    """The results workbook to fill in: one row per (expert number, name), 成绩 and 是否通过 empty.
    A name beginning with “=” stays a name (the shared writer keeps such text as text)."""
    return workbook("考试结果", TEMPLATE_HEADERS, TEMPLATE_WIDTHS, ((number, name, None, None) for number, name in rows))
