"""Reading a results workbook: bounded, formula-free, every row judged on its own."""
from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from server.errors import InvalidInput
from server.exams.workbook import HEADER_HELP, MAX_ROWS, NOT_XLSX, ResultLine, read_results, template_bytes
from server.files.inspection import FileTooLarge

HEADERS = ("专家编号", "姓名", "成绩", "是否通过")


def workbook(*rows, headers=HEADERS, leading_blank_rows: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    for _ in range(leading_blank_rows):
        sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_rows_are_read_with_their_excel_row_numbers():
    sheet = read_results(workbook(("B001-650100-0001", "张三", 86.5, "是"), (), ("B001-650100-0002", "李四", 59, "否"),
                                  leading_blank_rows=1))
    assert sheet.problems == {}
    assert sheet.lines == [ResultLine(3, "B001-650100-0001", "张三", "86.5", True),
                           ResultLine(5, "B001-650100-0002", "李四", "59", False)]


@pytest.mark.parametrize(("value", "passed"), [("通过", True), ("合格", True), (True, True), ("未通过", False),
                                               ("不合格", False), (False, False), (" 否 ", False)])
def test_passed_is_read_in_the_words_people_write(value, passed):
    [line] = read_results(workbook(("B1", None, None, value))).lines
    assert line.passed is passed and line.score is None


def test_the_columns_may_come_in_any_order_and_name_and_score_may_be_missing():
    [line] = read_results(workbook(("否", "B1"), headers=("是否通过", "专家编号"))).lines
    assert (line.expert_number, line.passed, line.name, line.score) == ("B1", False, None, None)


@pytest.mark.parametrize(("row", "problem"), [
    (("", "张三", 80, "是"), "专家编号为空"),
    (("B1", "张三", 80, "也许"), "是否通过须填写“是”或“否”"),
    (("B1", "张三", "八十", "是"), "成绩“八十”不是数字"),
    (("B1", "张三", 101, "是"), "成绩须在0到100之间"),
    (("B1", "张三", 80.123, "是"), "成绩最多保留两位小数"),
    (("B1", "张三", "=100-20", "是"), "“成绩”是公式"),
    (("=A3", "张三", 80, "是"), "“专家编号”是公式"),
])
def test_a_bad_row_is_a_problem_of_that_row_only(row, problem):
    sheet = read_results(workbook(("B0", "王五", 90, "是"), row))
    assert [line.expert_number for line in sheet.lines] == ["B0"]
    assert list(sheet.problems) == [3] and problem in sheet.problems[3]


def test_a_formula_is_never_evaluated_or_taken_for_its_cached_value():
    data = workbook(("B1", "张三", None, "是"))
    book = load_workbook(BytesIO(data))
    book.active["C2"] = "=IF(1,95,0)"
    buffer = BytesIO()
    book.save(buffer)
    assert "公式" in read_results(buffer.getvalue()).problems[2]


def test_a_file_without_the_needed_columns_is_refused_whole():
    with pytest.raises(InvalidInput) as refused:
        read_results(workbook(("B1", "张三"), headers=("专家编号", "姓名")))
    assert refused.value.fields == {"file": HEADER_HELP}


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04broken", b"%PDF-1.4"])
def test_what_is_not_an_xlsx_is_refused(data):
    with pytest.raises(InvalidInput) as refused:
        read_results(data)
    assert refused.value.fields == {"file": NOT_XLSX}


def test_a_zip_bomb_is_refused_before_it_is_opened():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (51 * 1024 * 1024))
    with pytest.raises(InvalidInput, match="解压后过大"):
        read_results(buffer.getvalue())


def test_a_file_too_large_or_too_long_is_refused():
    with pytest.raises(FileTooLarge):
        read_results(b"PK" + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(InvalidInput, match=f"最多{MAX_ROWS}行"):
        read_results(workbook(*[(f"B{n}", None, None, "是") for n in range(MAX_ROWS + 1)]))


def test_the_template_lists_the_applicants_with_every_value_as_text():
    book = load_workbook(BytesIO(template_bytes([("B001-650100-0001", "=HYPERLINK(\"x\")")])))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [HEADERS, ("B001-650100-0001", "=HYPERLINK(\"x\")", None, None)]
    assert book.active["B2"].data_type == "s"
