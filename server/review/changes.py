"""What changed between the submission a reviewer last rejected and the current one.

Field by field, with the form's paths: the scalar sections by name, certificates and avoidance
units by position (`certificates[0].name`), specialties as whole lists. File fields compare file
ids (a new upload is 已更换); ID numbers are compared by their masked value only, so a diff never
holds a clear ID number.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from server.applications.form import SECTION_FIELDS
from server.applications.models import Application, ApplicationSnapshot
from server.applications.snapshot import latest_snapshot
from server.extensions import db
from server.review.fields import ITEM_FIELDS, NOT_MARKABLE, field_label
from server.review.history import last_rejection

SCALAR_SECTIONS = ("basic", "qualification", "evaluation", "experience", "renewal", "commitment")


@dataclass(frozen=True)
class FieldChange:
    """`before`/`after` are the stored values (file ids, codes, lists, 是/否 as booleans); the ID
    number's are masked; None means absent (an added or removed list item, an empty field)."""

    field: str
    label: str
    before: Any
    after: Any

    @property
    def is_file(self) -> bool:
        return self.field.endswith("file_id")

    @property
    def summary(self) -> str:
        """How the change reads in one word: 已更换, 已上传, 已删除, 已填写, 已清空, 已修改."""
        if self.before in (None, "", []):
            return "已上传" if self.is_file else "已填写"
        if self.after in (None, "", []):
            return "已删除" if self.is_file else "已清空"
        return "已更换" if self.is_file else "已修改"


class MaskedIdNumber(str):
    """The ID number as a reviewer may see it (masked), compared by its keyed hash: a change in
    the hidden middle digits is still a change."""

    def __new__(cls, masked: str | None, digest: str | None) -> "MaskedIdNumber":
        value = super().__new__(cls, masked or "")
        value.digest = digest or masked
        return value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MaskedIdNumber):
            return self.digest == other.digest
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__


def _scalar_fields(section: str, values: dict[str, Any]) -> dict[str, Any]:
    """In the form's order; the ID number masked, the mobile after the email."""
    found: dict[str, Any] = {}
    for name in SECTION_FIELDS[section]:
        if name in NOT_MARKABLE:
            continue
        if name == "id_number":
            masked = values.get("id_number_masked")
            found[f"{section}.{name}"] = (MaskedIdNumber(masked, values.get("id_number_hash"))
                                          if masked else None)
            continue
        found[f"{section}.{name}"] = values.get(name)
        if section == "evaluation" and name == "email":
            found["evaluation.mobile"] = values.get("mobile")
    return found


def _item_fields(section: str, items: list[dict[str, Any]], count: int) -> dict[str, Any]:
    return {f"{section}[{index}].{name}": (items[index].get(name) if index < len(items) else None)
            for index in range(count) for name in ITEM_FIELDS[section]}


def flatten(data: dict[str, Any], *, item_counts: dict[str, int] | None = None) -> dict[str, Any]:
    """A snapshot's form as {field path: value}, in the form's order."""
    flat: dict[str, Any] = {}
    for section in SCALAR_SECTIONS:
        flat.update(_scalar_fields(section, data.get(section) or {}))
    specialties = data.get("specialties") or {}
    flat["specialties.primary"] = list(specialties.get("primary") or [])
    flat["specialties.alternate"] = list(specialties.get("alternate") or [])
    for section in ITEM_FIELDS:
        items = data.get(section) or []
        flat.update(_item_fields(section, items, max(len(items), (item_counts or {}).get(section, 0))))
    return flat


def _blank(value: Any) -> Any:
    return None if value in ("", []) else value


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Every field whose value differs between two snapshots' forms."""
    counts = {s: max(len(before.get(s) or []), len(after.get(s) or [])) for s in ITEM_FIELDS}
    old, new = flatten(before, item_counts=counts), flatten(after, item_counts=counts)
    return [FieldChange(path, field_label(path), old[path], new[path])
            for path in new if _blank(old[path]) != _blank(new[path])]


def changes_since_last_rejection(application: Application) -> list[FieldChange]:
    """Between the submission last rejected and the latest one; empty when there was no rejection
    or nothing was submitted since."""
    rejection = last_rejection(application.id)
    current = latest_snapshot(application.id)
    if rejection is None or current is None or current.id == rejection.snapshot_id:
        return []
    rejected = db.session.get(ApplicationSnapshot, rejection.snapshot_id)
    return diff(rejected.data, current.data)
