"""The queue's filters as they travel in the address (?state=…&name=…): parse, and link back."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from server.accounts.models import StaffMember, StaffRole
from server.applications.models import ApplicationState
from server.batches.services import all_batches, current_batch
from server.models_base import MAX_ID
from server.review.queue import SPECIALTY_PREFIX, QueueFilter

ALL_STATES = "all"
FILTER_KEYS = ("batch", "state", "prefecture", "name", "id_last4", "specialty", "from", "to")
LAST4 = re.compile(r"^\d{3}[\dXx]$")
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)  # filter dates outside are typos
BAD_BATCH = "选聘批次不正确，请从列表中选择"


@dataclass
class ParsedFilter:
    query: QueueFilter
    values: dict[str, str]  # what the form shows back
    problems: dict[str, str] = field(default_factory=dict)

    def link(self, **changes: object) -> str:
        """The query string of this filter with `changes` (e.g. page=3); empty values dropped."""
        merged = {**self.values, **{k: str(v) for k, v in changes.items()}}
        return urlencode({k: v for k, v in merged.items() if v})


def parse_day(raw: str, label: str, key: str, problems: dict[str, str]) -> date | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        problems[key] = f"{label}格式应为 年-月-日，如 2024-12-01"
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        problems[key] = day_range_message(label)
        return None
    return day


def day_range_message(label: str) -> str:
    return f"{label}应在 {FIRST_DAY.isoformat()} 到 {LAST_DAY.isoformat()} 之间"


def valid_id(raw: str) -> int | None:
    """A row id typed in the address: digits, 1 to MAX_ID; anything else None."""
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_ID else None


def _int(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() else default


def parse_filter(args: MultiDict, staff: StaffMember, *, per_page: int | None = None) -> ParsedFilter:
    """Read the filter form; a malformed value is reported and left out, never a 400."""
    values = {key: (args.get(key) or "").strip() for key in FILTER_KEYS}
    problems: dict[str, str] = {}
    if not values["state"]:
        values["state"] = ApplicationState.pending_review.value
    state = None
    if values["state"] != ALL_STATES:
        try:
            state = ApplicationState(values["state"])
        except ValueError:
            problems["state"] = "审核状态不正确"
            values["state"] = ALL_STATES
    if not values["batch"]:
        batch = current_batch()
        values["batch"] = str(batch.id) if batch else ""
    batch_id = valid_id(values["batch"])
    if values["batch"] and batch_id is None:
        problems["batch"] = BAD_BATCH
    if values["id_last4"] and not LAST4.match(values["id_last4"]):
        problems["id_last4"] = "身份证号后4位应为4个字符（数字，最后一位可为X）"
    specialty = values["specialty"].upper()
    if specialty and not SPECIALTY_PREFIX.match(specialty):
        problems["specialty"] = "评标专业请填写专业代码或其开头，如 A04、A0401"
    date_from = parse_day(values["from"], "提交审核开始日期", "from", problems)
    date_to = parse_day(values["to"], "提交审核结束日期", "to", problems)
    if staff.role is StaffRole.reviewer:
        values["prefecture"] = staff.prefecture_code or ""
    query = QueueFilter(
        batch_id=batch_id, state=state, prefecture_code=values["prefecture"] or None,
        name=values["name"], id_last4="" if "id_last4" in problems else values["id_last4"],
        specialty="" if "specialty" in problems else specialty,
        submitted_from=date_from, submitted_to=date_to, page=_int(args.get("page", ""), 1),
        **({"per_page": per_page} if per_page else {}))
    return ParsedFilter(query=query.scoped_to(staff), values=values, problems=problems)


def batch_choices() -> list[tuple[str, str]]:
    return [(str(batch.id), batch.name) for batch in all_batches()]
