"""An application snapshot as the reviewer reads it: sections of labelled rows, Chinese values,
files as links. Each row keeps its field path (`basic.name`, `certificates[0].proof_file_id`), the
same path a rejection marks and a diff names."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from server.applications.form import FIELD_LABELS, SECTION_FIELDS, SECTION_LABELS
from server.applications.personal_data import decrypt_id_number
from server.extensions import db
from server.files.kinds import label as kind_label
from server.files.models import StoredFile
from server.reference import services as reference
from server.reference.catalog import Catalog
from server.reference.options import bundled_options
from server.review.fields import ITEM_FIELDS, field_label

KIND_LABELS = {"new": "新增", "renewal": "续聘"}
CERTIFICATE_LABELS = ITEM_FIELDS["certificates"]
AVOIDANCE_LABELS = ITEM_FIELDS["avoidance_units"]
HIDDEN = {"unit_credit_code_confirmed", "id_number"}


@dataclass(frozen=True)
class FileRef:
    id: int
    name: str
    content_type: str
    kind_label: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@dataclass
class Row:
    path: str
    label: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    file: FileRef | None = None
    missing_file: bool = False


@dataclass
class Section:
    key: str
    label: str
    rows: list[Row]


class Formatter:
    """Turns stored values into what a reviewer reads (catalog names, option names, 是/否…)."""

    def __init__(self, file_ids: set[int], catalog: Catalog | None = None) -> None:
        self.catalog = catalog or reference.catalog()
        self.options = bundled_options()
        rows = db.session.execute(select(StoredFile).where(StoredFile.id.in_(file_ids))).scalars() \
            if file_ids else []
        self.files = {f.id: FileRef(f.id, f.original_name, f.content_type, kind_label(f.kind)) for f in rows}

    def specialty(self, code: str) -> str:
        node = self.catalog.get(code)
        return node.label if node else code

    def text(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return "（未填写）"
        if isinstance(value, bool):
            return "是" if value else "否"
        if name == "political_affiliation":
            found = self.options.political_affiliation(value)
            return found.name if found else str(value)
        if name == "prefecture_code":
            found = self.options.prefecture(value, include_other_units=True)
            return found.name if found else str(value)
        if name in ("profession_level1", "profession_level2"):
            return self.specialty(value)
        if name == "kind":
            return KIND_LABELS.get(value, str(value))
        if name == "years_of_practice":
            return f"{value}年"
        if isinstance(value, list):
            return "、".join(self.specialty(code) for code in value) or "（未选择）"
        return str(value)

    def row(self, path: str, name: str, value: Any, label: str | None = None) -> Row:
        row = Row(path=path, label=label or field_label(path))
        if name.endswith("file_id"):
            row.file = self.files.get(value) if value else None
            row.missing_file = row.file is None
            row.text = "" if row.file else "（未上传）"
        elif name in ("primary", "alternate"):
            row.lines = [self.specialty(code) for code in value or []]
            row.text = "" if row.lines else "（未选择）"
        else:
            row.text = self.text(name, value)
        return row


def file_ids_of(data: dict[str, Any], extra: tuple[int | None, ...] = ()) -> set[int]:
    ids = {value for section in data.values() if isinstance(section, dict)
           for name, value in section.items() if name.endswith("file_id") and value}
    ids |= {item.get("proof_file_id") for item in data.get("certificates", []) if item.get("proof_file_id")}
    return ids | {value for value in extra if value}


def _id_number_row(basic: dict[str, Any], full_id_number: bool) -> Row:
    """In full for the reviewer, who checks it against the ID card images and the signed sheet;
    masked (first 6, last 4) for every other viewer."""
    token = basic.get("id_number_encrypted")
    text = decrypt_id_number(token) if token and full_id_number else basic.get("id_number_masked")
    return Row(path="basic.id_number", label=FIELD_LABELS["id_number"], text=text or "（未填写）")


def sections(data: dict[str, Any], formatter: Formatter, full_id_number: bool = False) -> list[Section]:
    """Every field of the snapshot, in the form's order."""
    result: list[Section] = []
    for key in ("basic", "qualification", "evaluation"):
        values = data.get(key, {})
        rows = []
        for name in SECTION_FIELDS[key]:
            if name == "id_number":
                rows.append(_id_number_row(values, full_id_number))
            elif name not in HIDDEN:
                rows.append(formatter.row(f"{key}.{name}", name, values.get(name)))
                if name == "unit_credit_code" and values.get("unit_credit_code_confirmed"):
                    rows[-1].text += "（校验未通过，申报人已确认无误）"
        if key == "evaluation":
            rows.insert(3, formatter.row("evaluation.mobile", "mobile", values.get("mobile")))
        result.append(Section(key, SECTION_LABELS[key], rows))
    certificates = [formatter.row(f"certificates[{i}].{name}", name, item.get(name))
                    for i, item in enumerate(data.get("certificates", [])) for name in CERTIFICATE_LABELS]
    result.insert(2, Section("certificates", SECTION_LABELS["certificates"], certificates))
    specialties = data.get("specialties", {})
    result.append(Section("specialties", SECTION_LABELS["specialties"], [
        formatter.row(f"specialties.{name}", name, specialties.get(name)) for name in ("primary", "alternate")]))
    experience = data.get("experience", {})
    result.append(Section("experience", SECTION_LABELS["experience"], [
        formatter.row(f"experience.{name}", name, experience.get(name)) for name in SECTION_FIELDS["experience"]]))
    units = []
    for i, item in enumerate(data.get("avoidance_units", [])):
        for name in AVOIDANCE_LABELS:
            units.append(formatter.row(f"avoidance_units[{i}].{name}", name, item.get(name)))
            if name == "credit_code" and item.get("credit_code_confirmed"):
                units[-1].text += "（校验未通过，申报人已确认无误）"
    result.append(Section("avoidance_units", SECTION_LABELS["avoidance_units"], units))
    result.append(Section("renewal", SECTION_LABELS["renewal"], [
        formatter.row("renewal.kind", "kind", data.get("renewal", {}).get("kind"))]))
    result.append(Section("commitment", SECTION_LABELS["commitment"], [
        formatter.row("commitment.commitment_letter_file_id", "commitment_letter_file_id",
                      data.get("commitment", {}).get("commitment_letter_file_id"))]))
    return result


def display_value(path: str, value: Any, formatter: Formatter) -> str:
    """A diff's before/after value in words (files by their name, specialties by their names)."""
    name = path.rsplit(".", 1)[-1]
    if name.endswith("file_id"):
        if not value:
            return "（未上传）"
        found = formatter.files.get(value)
        return f"{found.name}（文件{value}）" if found else f"文件{value}"
    if value is None and "[" in path:
        return "（无此项）"
    return formatter.text(name, value)
