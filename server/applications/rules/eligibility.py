"""Batch eligibility rules: years of practice, title level, age at the registration deadline.

Each batch sets them; new batches start from server/reference/data/batch-defaults.json, which
follows 《评标专家和评标专家库管理暂行办法》 art. 7 (8 years in the profession and a senior title).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from server.applications.rules.id_number import IdNumberError, parse_id_number
from server.applications.rules.problems import Problem
from server.clock import BEIJING

MAX_YEARS_DIGITS = 3

MSG_YEARS_REQUIRED = "请填写从事专业年限"
MSG_YEARS_FORMAT = "从事专业年限须为0至999之间的整数，最多3位数字（如5年就填5）"
MSG_TITLE_REQUIRED = "请选择职称级别"

_YEARS = re.compile(r"[0-9]+")
_BIRTH = re.compile(r"(\d{4})-(\d{2})")


class BatchRules(Protocol):
    min_practice_years: int
    allowed_title_levels: Sequence[str]
    max_age: int


@dataclass(frozen=True, slots=True)
class EligibilityRules:
    min_years_of_practice: int
    allowed_title_levels: tuple[str, ...]
    max_age: int  # full years on the registration deadline date

    @classmethod
    def of(cls, batch: BatchRules) -> EligibilityRules:
        """A batch's rules (a Batch, or the defaults new batches start with)."""
        return cls(batch.min_practice_years, tuple(batch.allowed_title_levels), batch.max_age)


def parse_years_of_practice(value: object) -> int | None:
    """The years of practice as an int 0..999, or None when the value breaks the format."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**MAX_YEARS_DIGITS else None
    text = str(value).strip() if value is not None else ""
    if not _YEARS.fullmatch(text) or len(text) > MAX_YEARS_DIGITS:
        return None
    return int(text)


def years_of_practice_error(value: object) -> str | None:
    """Format rule of 从事专业年限: a whole number of at most 3 digits (0..999)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return MSG_YEARS_REQUIRED
    return None if parse_years_of_practice(value) is not None else MSG_YEARS_FORMAT


def deadline_date(deadline: date | datetime) -> date:
    """The calendar date of a deadline in Beijing time (aware datetimes are converted)."""
    if isinstance(deadline, datetime):
        if deadline.tzinfo is not None:
            deadline = deadline.astimezone(BEIJING)
        return deadline.date()
    return deadline


def full_years(birth: date, on: date) -> int:
    """Age in full years on a date (a 29 February birthday counts from 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _birth_from_year_month(text: str | None) -> date | None:
    """The latest possible birth date of a 'YYYY-MM' value (so the age is never overstated)."""
    match = _BIRTH.fullmatch((text or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return None
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def check_eligibility(
    rules: EligibilityRules,
    *,
    registration_deadline: date | datetime,
    years_of_practice: object,
    title_level: str | None,
    id_number: str | None = None,
    birth_year_month: str | None = None,
) -> list[Problem]:
    """Problems with fields ``years_of_practice``, ``title_level`` and ``id_number`` / ``birth``.

    The age comes from the ID number's birth date (field ``id_number``); when the ID
    number is unusable it falls back to the entered birth year-month (field ``birth``),
    taking the month's last day. An unusable ID number itself is not reported here.
    The years-of-practice format error is included (kind ``"format"``).
    """
    problems: list[Problem] = []
    deadline = deadline_date(registration_deadline)

    years_error = years_of_practice_error(years_of_practice)
    if years_error is not None:
        kind = "required" if years_error == MSG_YEARS_REQUIRED else "format"
        problems.append(Problem("years_of_practice", years_error, kind=kind))
    else:
        years = parse_years_of_practice(years_of_practice)
        assert years is not None
        if years < rules.min_years_of_practice:
            text = f"从事专业年限须满{rules.min_years_of_practice}年（当前填写{years}年）"
            problems.append(Problem("years_of_practice", text, kind="eligibility"))

    level = (title_level or "").strip()
    if not level:
        problems.append(Problem("title_level", MSG_TITLE_REQUIRED, kind="required"))
    elif level not in rules.allowed_title_levels:
        text = f"本批次要求职称级别为{'或'.join(rules.allowed_title_levels)}（当前为{level}）"
        problems.append(Problem("title_level", text, code=level, kind="eligibility"))

    try:
        birth: date | None = parse_id_number(id_number, today=deadline).birth_date
        age_field = "id_number"
    except IdNumberError:
        birth, age_field = _birth_from_year_month(birth_year_month), "birth"
    if birth is not None:
        age = full_years(birth, deadline)
        if age > rules.max_age:
            text = (
                f"年龄超过{rules.max_age}周岁：截至报名截止日{_fmt(deadline)}，"
                f"申报人已满{age}周岁"
            )
            problems.append(Problem(age_field, text, kind="eligibility"))
    return problems
