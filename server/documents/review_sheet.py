"""The review sheet (申请和资格审查表) as rows of label/value cells, in the seed's order.

One function reads a submission's frozen form (snapshot data) and answers the rows both the
mini-program's preview (JSON) and the PDF draw. Two cells on a line where the seed's table has two;
a heading (首选评标专业, 备选评标专业, 回避单位) opens a part that has entries, and a part without
any is one line ("备选评标专业：无").

The ID number is printed in full: this is the applicant's own sheet to check and sign (the public
verification page shows it masked).
"""
from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from server.applications.personal_data import decrypt_id_number
from server.applications.rules.eligibility import deadline_date, full_years
from server.applications.rules.id_number import IdNumberError, parse_id_number
from server.applications.rules.specialties import SIDE_LABELS, SIDES, group_by_level
from server.reference.catalog import Catalog, SpecialtyNode
from server.reference.options import FormOptions
from server.reference.organisations import POOL_EXPERTS, REGION

# The seed's form title, naming the pool the commitment letter names (not the vague 工程建设类).
TITLE = f"{REGION}征集（特聘）{POOL_EXPERTS}申请和资格审查表"
KIND_LABELS = {"new": "新增", "renewal": "续聘"}
NONE = "无"
BASIC_ROW_COUNT = 4  # the first rows (姓名 … 身份证); the PDF puts the photo box beside them


@dataclass(frozen=True, slots=True)
class Cell:
    label: str
    value: str

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "value": self.value}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the sheet: one or two cells, or (cells empty) a heading across the table."""

    cells: tuple[Cell, ...] = ()
    heading: str | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.heading is not None:
            return {"heading": self.heading}
        return {"cells": [cell.as_dict() for cell in self.cells]}


@dataclass(frozen=True, slots=True)
class Section:
    """Rows that belong together; a heading when the part has its own title on the sheet."""

    heading: str | None
    rows: tuple[Row, ...]


def flatten(sections: Sequence[Section]) -> list[Row]:
    """The sheet's rows in order, each heading as a row of its own."""
    rows: list[Row] = []
    for section in sections:
        if section.heading is not None:
            rows.append(heading(section.heading))
        rows += section.rows
    return rows


def line(*pairs: tuple[str, str]) -> Row:
    return Row(cells=tuple(Cell(label, value) for label, value in pairs))


def heading(title: str) -> Row:
    return Row(heading=title)


def _str(value: object) -> str:
    return "" if value is None else str(value).strip()


def _yes_no(value: object) -> str:
    if value is None:
        return ""
    return "是" if value else "否"


def full_id_number(basic: dict[str, Any]) -> str:
    """The clear ID number: as given (a live form) or decrypted (a snapshot); needs the app."""
    if basic.get("id_number"):
        return _str(basic["id_number"]).upper()
    token = basic.get("id_number_encrypted")
    return decrypt_id_number(token) if token else ""


def _latest_birth_in_month(year_month: str) -> date | None:
    try:
        year, month = (int(part) for part in year_month.split("-"))
        return date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, TypeError):
        return None


def birth_with_age(birth: str, id_number: str, deadline: date) -> str:
    """"1975-06（51岁）": full years on the registration deadline, from the ID number's birth date
    (or, without a usable number, the month's last day, so the age is never overstated)."""
    try:
        born: date | None = parse_id_number(id_number, today=deadline).birth_date
    except IdNumberError:
        born = _latest_birth_in_month(birth)
    if not birth and born is not None:
        birth = f"{born.year:04d}-{born.month:02d}"
    if born is None or born > deadline:
        return birth
    return f"{birth}（{full_years(born, deadline)}岁）"


def _title(basic: dict[str, Any]) -> str:
    title, level = _str(basic.get("title")), _str(basic.get("title_level"))
    return f"{title}（{level}）" if title and level else title or level


def _profession(qualification: dict[str, Any], catalog: Catalog) -> str:
    """The seed's form: level-1 name / level-2 code and name ("投资策划与决策/A0201项目建议…")."""
    level1 = catalog.get(_str(qualification.get("profession_level1")))
    level2 = catalog.get(_str(qualification.get("profession_level2")))
    parts = [level1.name if level1 else _str(qualification.get("profession_level1")),
             _node(level2) if level2 else _str(qualification.get("profession_level2"))]
    return "/".join(part for part in parts if part)


def _years(value: object) -> str:
    text = _str(value)
    return f"{text}年" if text else ""


def _node(node: SpecialtyNode) -> str:
    return f"{node.code}{node.name}"


def _pairs(label: str, nodes: Sequence[SpecialtyNode]) -> list[Row]:
    """Nodes two to a line, each cell labelled with its level (as the seed's 二级类别 | 二级类别)."""
    return [line(*((label, _node(node)) for node in nodes[i:i + 2])) for i in range(0, len(nodes), 2)]


def _specialties(picks: Sequence[str], side: str, catalog: Catalog) -> Section:
    view = group_by_level(catalog, picks)
    if not view.level1:
        return Section(None, (line((SIDE_LABELS[side], NONE)),))
    rows = _pairs("一级类别", view.level1) + _pairs("二级类别", view.level2) + _pairs("三级类别", view.level3)
    return Section(SIDE_LABELS[side], tuple(rows))


def _basic_rows(data: dict[str, Any], options: FormOptions, deadline: date) -> list[Row]:
    basic = data["basic"]
    id_number = full_id_number(basic)
    affiliation = options.political_affiliation(_str(basic.get("political_affiliation")))
    prefecture = options.prefecture(_str(basic.get("prefecture_code")), include_other_units=True)
    kind = _str(data.get("renewal", {}).get("kind"))
    return [
        line(("姓名", _str(basic.get("name"))), ("性别", _str(basic.get("gender")))),
        line(("出生年月（周岁）", birth_with_age(_str(basic.get("birth")), id_number, deadline)),
             ("政治面貌", affiliation.name if affiliation else _str(basic.get("political_affiliation")))),
        line(("所在市州", prefecture.name if prefecture else _str(basic.get("prefecture_code"))),
             ("职称", _title(basic))),
        line(("身份证", id_number), ("新增或续聘", KIND_LABELS.get(kind, kind))),
    ]


def _qualification_rows(data: dict[str, Any], catalog: Catalog) -> list[Row]:
    basic, qualification = data["basic"], data["qualification"]
    rows = [
        line(("从事专业类别", _profession(qualification, catalog)),
             ("从事专业年限", _years(qualification.get("years_of_practice")))),
        line(("最高学历", _str(basic.get("education"))), ("最高学位", _str(basic.get("degree")))),
        line(("毕业院校", _str(basic.get("school")))),
        line(("所学专业", _str(basic.get("major")))),
    ]
    certificates = data.get("certificates") or []
    rows += [line((f"职业资格名称{n}", _str(c.get("name"))),
                  (f"注册证书编号{n}", _str(c.get("registration_number"))))
             for n, c in enumerate(certificates, start=1)]
    if not certificates:
        rows.append(line(("职业资格名称", NONE)))
    return rows


def _contact_rows(data: dict[str, Any]) -> list[Row]:
    qualification, evaluation = data["qualification"], data["evaluation"]
    return [
        line(("是否异地评标", _yes_no(evaluation.get("accepts_remote_evaluation"))),
             ("是否愿意成为应急专家", _yes_no(evaluation.get("willing_emergency_expert")))),
        line(("工作单位", _str(qualification.get("work_unit")))),
        line(("工作单位统一社会信用代码", _str(qualification.get("unit_credit_code"))),
             ("办公电话", _str(qualification.get("unit_office_phone")))),
        line(("本人电子邮箱", _str(evaluation.get("email")))),
        line(("本人手机号码", _str(evaluation.get("mobile")))),
        line(("备用手机号", _str(evaluation.get("backup_mobile")))),
    ]


def _avoidance_units(units: list[dict[str, Any]]) -> Section:
    if not units:
        return Section(None, (line(("回避单位", NONE)),))
    rows: list[Row] = []
    for n, unit in enumerate(units, start=1):
        rows.append(line((f"回避单位{n}全称", _str(unit.get("name"))),
                         ("信用代码", _str(unit.get("credit_code")))))
        rows.append(line(("情况概述", _str(unit.get("description")))))
    return Section("回避单位", tuple(rows))


def review_sheet_sections(snapshot_data: dict[str, Any], *, catalog: Catalog, options: FormOptions,
                          registration_deadline: date | datetime) -> list[Section]:
    """The sheet in its parts (see :func:`review_sheet_rows`)."""
    deadline = deadline_date(registration_deadline)
    specialties = snapshot_data.get("specialties") or {}
    experience = snapshot_data.get("experience") or {}
    return [
        Section(None, (*_basic_rows(snapshot_data, options, deadline),
                       *_qualification_rows(snapshot_data, catalog), *_contact_rows(snapshot_data))),
        *(_specialties(specialties.get(side) or [], side, catalog) for side in SIDES),
        _avoidance_units(snapshot_data.get("avoidance_units") or []),
        Section(None, (line(("工作经历", _str(experience.get("work_experience")))),
                       line(("评标经历", _str(experience.get("evaluation_experience")))))),
    ]


def review_sheet_rows(snapshot_data: dict[str, Any], *, catalog: Catalog, options: FormOptions,
                      registration_deadline: date | datetime) -> list[Row]:
    """Every line of the sheet, in order. `registration_deadline` fixes the age (周岁) shown.

    Reads the frozen copy of a submission (or a live form dict); decrypting the ID number needs the
    Flask app (its ID_NUMBER_KEY).
    """
    return flatten(review_sheet_sections(snapshot_data, catalog=catalog, options=options,
                                         registration_deadline=registration_deadline))
