"""The coded fields of the form: each accepts only the codes of its list in ``server/reference/data``.

One home for every choice list, so the save rule, the OpenAPI enum and the console's labels agree.
A code is what is stored and sent; the label is what people read. A name where a code belongs is
refused, never looked up: ``prefecture_code: "克拉玛依市"`` stored as given reaches no reviewer.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from server.applications.form import FIELD_LABELS
from server.reference.options import bundled_options


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: str

    @property
    def shown(self) -> str:
        """`01 中共党员` where the code differs from its label, the label alone where it is the code."""
        return self.label if self.code == self.label else f"{self.code} {self.label}"


@dataclass(frozen=True, slots=True)
class ChoiceList:
    field: str
    label: str  # the field's Chinese name, e.g. 政治面貌
    choices: tuple[Choice, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def label_of(self, code: Any) -> str | None:
        return next((c.label for c in self.choices if c.code == code), None)

    @property
    def message(self) -> str:
        """The refusal, naming every choice: 政治面貌须为以下之一：01 中共党员、02 中共预备党员、…"""
        return f"{self.label}须为以下之一：{'、'.join(c.shown for c in self.choices)}"

    def error(self, value: Any) -> str | None:
        """None for one of the codes (or an empty value, which clears the field), else the refusal."""
        if value is None or value == "" or value in self.codes:
            return None
        return self.message

    def openapi(self) -> dict[str, Any]:
        """Field metadata: the codes as an enum with their Chinese labels beside them (null clears the field,
        and OpenAPI 3.0 wants a nullable enum to list it)."""
        return {"enum": [*self.codes, None], "x-enum-labels": {c.code: c.label for c in self.choices},
                "description": self.message.replace("须为以下之一", "，取以下代码之一")}


def _same(values: tuple[str, ...]) -> tuple[Choice, ...]:
    return tuple(Choice(v, v) for v in values)


@cache
def coded_fields() -> dict[str, ChoiceList]:
    """field name -> its choice list (fields of the application form)."""
    options = bundled_options()
    lists = {
        "gender": _same(options.genders),
        "political_affiliation": tuple(Choice(p.code, p.short) for p in options.political_affiliations),
        "prefecture_code": tuple(Choice(p.code, p.name) for p in options.prefectures),
        "title_level": _same(options.title_levels),
        "education": _same(options.education_choices),
        "degree": _same(options.degree_choices),
        "kind": tuple(Choice(code, name) for code, name in options.application_kinds),
    }
    return {field: ChoiceList(field, FIELD_LABELS[field], choices) for field, choices in lists.items()}


def choice_list(field: str) -> ChoiceList:
    return coded_fields()[field]


def is_coded(field: str) -> bool:
    return field in coded_fields()


def label(field: str, code: Any) -> str | None:
    """The Chinese label of a stored code (None when the field has no list or the code is unknown)."""
    found = coded_fields().get(field)
    return found.label_of(code) if found else None
