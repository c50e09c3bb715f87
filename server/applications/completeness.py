"""The completeness check: every problem of an application at once, in Chinese, by field.

The same list answers `GET …/problems` and a refused submit. It reads the plain form dict (see
snapshot.form_data), so it can be run on any form, including the seed's own sample.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from server.applications.choices import choice_list, is_coded
from server.applications.form import (
    FIELD_LABELS,
    NONE_MARK,
    REQUIRED_FIELDS,
    SECTION_FIELDS,
    SECTION_LABELS,
    section_of,
)
from server.applications.rules.credit_code import credit_code_problems
from server.applications.rules.eligibility import EligibilityRules, check_eligibility
from server.applications.rules.id_number import disagreements
from server.applications.rules.problems import Problem
from server.applications.rules.specialties import CheckMode, check_specialties
from server.applications.slots import FILE_SLOTS
from server.reference.catalog import Catalog

# Checked by the eligibility rules, which also say when they are missing.
CHECKED_BY_ELIGIBILITY = {"years_of_practice", "title_level"}
ELIGIBILITY_FIELDS = {"years_of_practice": "qualification", "title_level": "basic",
                      "id_number": "basic", "birth": "basic"}
CHOICE_FIELDS = {"gender", "political_affiliation", "prefecture_code", "profession_level1",
                 "profession_level2", "accepts_remote_evaluation", "willing_emergency_expert", "kind"}


def _missing_message(field: str) -> str:
    label = FIELD_LABELS[field]
    if field in FILE_SLOTS:
        return f"请上传{label}"
    if field in CHOICE_FIELDS:
        return f"请选择{label}"
    return f"请填写{label}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(data: dict[str, Any]) -> Iterable[Problem]:
    for section, fields in REQUIRED_FIELDS.items():
        for field in fields:
            if field not in CHECKED_BY_ELIGIBILITY and _blank(data[section].get(field)):
                yield Problem(f"{section}.{field}", _missing_message(field), kind="required")


def _coded(data: dict[str, Any]) -> Iterable[Problem]:
    """A stored value that is not one of its field's codes (saved before codes were enforced)."""
    for section, fields in SECTION_FIELDS.items():
        for field in fields:
            value = data.get(section, {}).get(field)
            if not _blank(value) and is_coded(field) and (message := choice_list(field).error(value)):
                yield Problem(f"{section}.{field}", message, code=str(value))


def _identity(basic: dict[str, Any]) -> Iterable[Problem]:
    if basic.get("id_number"):
        found = disagreements(basic["id_number"], birth_year_month=basic.get("birth"),
                              gender=basic.get("gender"))
        for field, message in found.items():
            yield Problem(f"basic.{field}", message, kind="mismatch")


def _unit_credit_code(qualification: dict[str, Any]) -> list[Problem]:
    has_unit = (qualification.get("work_unit") or "").strip() not in ("", NONE_MARK)
    return credit_code_problems(qualification.get("unit_credit_code"),
                                field="qualification.unit_credit_code", required=has_unit,
                                confirmed=bool(qualification.get("unit_credit_code_confirmed")))


def _certificates(items: list[dict[str, Any]]) -> Iterable[Problem]:
    messages = {"name": "请填写证书名称", "registration_number": "请填写注册号",
                "proof_file_id": "请上传证书 PDF 证明"}
    for index, item in enumerate(items):
        for field, message in messages.items():
            if _blank(item.get(field)):
                yield Problem(f"certificates[{index}].{field}", message, kind="required")


def _avoidance_units(items: list[dict[str, Any]]) -> Iterable[Problem]:
    for index, item in enumerate(items):
        if _blank(item.get("name")):
            yield Problem(f"avoidance_units[{index}].name", "请填写回避单位全称", kind="required")
        yield from credit_code_problems(item.get("credit_code"),
                                        field=f"avoidance_units[{index}].credit_code",
                                        confirmed=bool(item.get("credit_code_confirmed")))


def _eligibility(data: dict[str, Any], rules: EligibilityRules,
                 registration_deadline: datetime) -> Iterable[Problem]:
    found = check_eligibility(
        rules, registration_deadline=registration_deadline,
        years_of_practice=data["qualification"].get("years_of_practice"),
        title_level=data["basic"].get("title_level"), id_number=data["basic"].get("id_number"),
        birth_year_month=data["basic"].get("birth"))
    for problem in found:
        yield replace(problem, field=f"{ELIGIBILITY_FIELDS[problem.field]}.{problem.field}")


def application_problems(data: dict[str, Any], *, rules: EligibilityRules,
                         registration_deadline: datetime, catalog: Catalog,
                         closed: frozenset[str]) -> list[Problem]:
    """Every problem, ordered as the form shows its sections."""
    problems = [*_required(data), *_coded(data), *_identity(data["basic"]), *_unit_credit_code(data["qualification"]),
                *_certificates(data["certificates"]), *_avoidance_units(data["avoidance_units"]),
                *check_specialties(catalog, data["specialties"]["primary"],
                                   data["specialties"]["alternate"], closed=closed,
                                   mode=CheckMode.COMPLETE),
                *_eligibility(data, rules, registration_deadline)]
    order = list(SECTION_LABELS)
    return sorted(problems, key=lambda p: order.index(section_of(p.field)))


def problem_view(problem: Problem) -> dict[str, str]:
    section = section_of(problem.field)
    return {"field": problem.field, "section": section, "section_label": SECTION_LABELS[section],
            "message": problem.message, "severity": problem.severity}
