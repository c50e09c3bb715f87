"""The queue as an Excel workbook (openpyxl): Chinese headers, masked ID numbers, Beijing times."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.audit.services import record
from server.clock import format_beijing
from server.documents.workbooks import workbook
from server.review import queue
from server.review.queue import QueueFilter, QueueRow
from server.transactions import atomic

EXPORT_LIMIT = 20_000

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
    listed = 0

    def values() -> Iterator[tuple]:
        nonlocal listed
        for listed, row in enumerate(rows, start=1):
            yield _values(listed, row)

    data = workbook(SHEET_TITLE, HEADERS, WIDTHS, values(), note)
    return data, listed


@atomic
def export_queue(query: QueueFilter, staff: StaffMember, filters: dict[str, str]) -> bytes:
    """The filtered queue as a workbook (at most EXPORT_LIMIT rows, saying so); the export is audited."""
    total = queue.count(query)
    note = f"仅导出前{EXPORT_LIMIT}条，请缩小筛选范围" if total > EXPORT_LIMIT else ""
    rows = (row for _, row in zip(range(EXPORT_LIMIT), queue.queue_rows(query), strict=False))
    data, listed = workbook_bytes(rows, note)
    record(Actor.staff(staff), "application.exported", "application", "*", count=listed, filters=filters)
    return data
