"""Choice lists of the application form, loaded from the files in ``data/``.

- prefectures: the 14 prefecture-level divisions of Xinjiang (each has its reviewer);
  ``other_units`` (XPCC cities …) are kept apart: listing them is a deployment setting.
- political affiliations (GB/T 4762), education and degree form choices, title levels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from server.reference.catalog import DATA_DIR


class OptionsError(ValueError):
    """An options file that cannot be used (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Prefecture:
    code: str  # statistical division code, e.g. "650100"
    name: str  # e.g. "乌鲁木齐市"
    type: str  # 地级市 / 自治州 / 地区 / …


@dataclass(frozen=True, slots=True)
class PoliticalAffiliation:
    code: str  # GB/T 4762 code, e.g. "01"
    name: str  # full name, e.g. "中国共产党党员"
    short: str  # short name, e.g. "中共党员"


@dataclass(frozen=True, slots=True)
class EducationLevel:
    code: str  # GB/T 4658-2006 code, kept for exports
    name: str


@dataclass(frozen=True, slots=True)
class FormOptions:
    prefectures: tuple[Prefecture, ...]
    other_units: tuple[Prefecture, ...]
    political_affiliations: tuple[PoliticalAffiliation, ...]
    education_choices: tuple[str, ...]
    education_levels: tuple[EducationLevel, ...]
    degree_choices: tuple[str, ...]
    title_levels: tuple[str, ...]
    engineering_titles: Mapping[str, str]  # title level -> engineering-series title
    genders: tuple[str, ...]
    application_kinds: tuple[tuple[str, str], ...]  # (code, name): new 新增, renewal 续聘

    def prefecture(self, code: str, *, include_other_units: bool = False) -> Prefecture | None:
        """Find a prefecture by its code only: a name is not a code (stored, it reaches no reviewer)."""
        pool = self.prefectures + (self.other_units if include_other_units else ())
        return next((p for p in pool if p.code == code), None)

    def political_affiliation(self, code: str) -> PoliticalAffiliation | None:
        """Find a political affiliation by its GB/T 4762 code only."""
        return next((p for p in self.political_affiliations if p.code == code), None)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OptionsError(f"选项文件 {path.name} 无法读取：{exc}") from exc


def _unique(items: tuple[Any, ...], key: str, what: str) -> tuple[Any, ...]:
    values = [getattr(item, key) for item in items]
    duplicates = sorted({v for v in values if values.count(v) > 1})
    if duplicates:
        raise OptionsError(f"{what}重复：{'、'.join(duplicates)}")
    if any(not str(v).strip() for v in values):
        raise OptionsError(f"{what}有空值")
    return items


def _prefectures(raw: list[dict[str, str]], what: str) -> tuple[Prefecture, ...]:
    items = tuple(Prefecture(code=r["code"], name=r["name"], type=r.get("type", "")) for r in raw)
    _unique(items, "code", f"{what}代码")
    return _unique(items, "name", f"{what}名称")


def load_options(data_dir: str | Path = DATA_DIR) -> FormOptions:
    data_dir = Path(data_dir)
    divisions = _read(data_dir / "prefectures.json")
    form = _read(data_dir / "form-options.json")
    try:
        affiliations = tuple(
            PoliticalAffiliation(code=r["code"], name=r["name"], short=r["short"])
            for r in form["political_affiliation"]["items"]
        )
        education = form["education"]
        title_levels = form["title_levels"]
        options = FormOptions(
            prefectures=_prefectures(divisions["prefectures"], "市州"),
            other_units=_prefectures(divisions.get("other_units", []), "其他单位"),
            political_affiliations=_unique(affiliations, "code", "政治面貌代码"),
            education_choices=tuple(education["form_choices"]),
            education_levels=tuple(EducationLevel(code=r["code"], name=r["name"]) for r in education["items"]),
            degree_choices=tuple(form["degree"]["form_choices"]),
            title_levels=tuple(title_levels["levels"]),
            engineering_titles=MappingProxyType(dict(title_levels.get("engineering_series", {}))),
            genders=tuple(form["gender"]["form_choices"]),
            application_kinds=tuple((r["code"], r["name"]) for r in form["application_kind"]["items"]),
        )
    except (KeyError, TypeError) as exc:
        raise OptionsError(f"选项文件缺少必要内容：{exc}") from exc
    for name, values in (
        ("学历", options.education_choices),
        ("学位", options.degree_choices),
        ("职称级别", options.title_levels),
        ("性别", options.genders),
        ("新增或续聘", tuple(code for code, _name in options.application_kinds)),
    ):
        if not values or len(set(values)) != len(values):
            raise OptionsError(f"{name}选项为空或有重复")
    return options


@dataclass(frozen=True, slots=True)
class BatchDefaults:
    """What a new batch starts with (staff change each per batch)."""

    fee_yuan: int
    payment_delay_days: int
    min_practice_years: int
    allowed_title_levels: tuple[str, ...]
    max_age: int


@cache
def batch_defaults() -> BatchDefaults:
    raw = _read(DATA_DIR / "batch-defaults.json")
    try:
        defaults = BatchDefaults(fee_yuan=int(raw["fee_yuan"]), payment_delay_days=int(raw["payment_delay_days"]),
                                 min_practice_years=int(raw["min_practice_years"]),
                                 allowed_title_levels=tuple(raw["allowed_title_levels"]), max_age=int(raw["max_age"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise OptionsError(f"批次默认设置缺少必要内容：{exc}") from exc
    if set(defaults.allowed_title_levels) - set(bundled_options().title_levels):
        raise OptionsError("批次默认设置的职称级别不在职称级别选项中")
    return defaults


@cache
def bundled_options() -> FormOptions:
    """The options shipped with the code (cached; immutable)."""
    return load_options(DATA_DIR)
