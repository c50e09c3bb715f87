"""Format rules applied when a section is saved: each field alone, each message in Chinese.

Completeness and eligibility are checked at submit (see completeness.py); here a draft may be
half-done but never malformed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from server.applications.choices import coded_fields
from server.applications.rules import fields as field_rules
from server.applications.rules.credit_code import CreditCodeStatus, check_credit_code
from server.applications.rules.eligibility import years_of_practice_error
from server.applications.rules.id_number import id_number_error
from server.reference.catalog import Catalog

BIRTH = re.compile(r"(19|20)\d{2}-(0[1-9]|1[0-2])")
NAME = re.compile(r"[\u4e00-\u9fa5A-Za-z·• ]+")


@dataclass(frozen=True)
class SaveContext:
    """What a field's rule may need to know beyond its own value."""

    catalog: Catalog
    today: date
    profession_level1: str | None


def _name(value: str, _ctx: SaveContext) -> str | None:
    return None if NAME.fullmatch(value) else "姓名只能包含汉字、字母和间隔号"


def _birth(value: str, _ctx: SaveContext) -> str | None:
    return None if BIRTH.fullmatch(value) else "出生年月格式应为 YYYY-MM，例如 1975-06"


def _id_number(value: str, ctx: SaveContext) -> str | None:
    return id_number_error(value, today=ctx.today)


def _profession_level1(value: str, ctx: SaveContext) -> str | None:
    node = ctx.catalog.get(value)
    return None if node is not None and node.level == 1 else "请从列表中选择一级专业"


def _profession_level2(value: str, ctx: SaveContext) -> str | None:
    node = ctx.catalog.get(value)
    if node is None or node.level != 2:
        return "请从列表中选择二级专业"
    if ctx.profession_level1 and node.parent_code != ctx.profession_level1:
        return "二级专业须在所选一级专业下选择"
    return None


def _years(value: Any, _ctx: SaveContext) -> str | None:
    return years_of_practice_error(value)


def _credit_code(value: str, _ctx: SaveContext) -> str | None:
    result = check_credit_code(value)
    return result.message if result.status is CreditCodeStatus.MALFORMED else None


FIELD_RULES: dict[str, Callable[[Any, SaveContext], str | None]] = {
    "name": _name,
    "id_number": _id_number,
    "birth": _birth,
    "profession_level1": _profession_level1,
    "profession_level2": _profession_level2,
    "years_of_practice": _years,
    "work_unit": lambda v, _c: field_rules.work_unit_error(v),
    "unit_credit_code": _credit_code,
    "unit_office_phone": lambda v, _c: field_rules.office_phone_error(v),
    "email": lambda v, _c: field_rules.email_error(v),
    "backup_mobile": lambda v, _c: field_rules.mobile_error(v, required=False, label="备用手机号"),
}


def field_error(field: str, value: Any, ctx: SaveContext) -> str | None:
    """The Chinese reason a value is refused, or None. Empty values clear a field and pass."""
    if value is None or value == "":
        return None
    if (codes := coded_fields().get(field)) is not None:
        return codes.error(value)
    rule = FIELD_RULES.get(field)
    return rule(value, ctx) if rule else None

