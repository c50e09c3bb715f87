"""Field paths a reviewer can mark, and what they are called.

The paths are the form's own (`basic.photo_file_id`, `certificates[0].proof_file_id`,
`specialties.primary`), so the mini-program can put a rejection note next to the field it belongs
to, and the console can highlight the same field in a diff.
"""
from __future__ import annotations

import re
from typing import Any

from server.applications.form import FIELD_LABELS, SECTION_FIELDS, SECTION_LABELS

SIGNED_SHEET_PATH = "review.signed_sheet_file_id"
ITEM_FIELDS: dict[str, dict[str, str]] = {
    "certificates": {"name": "证书名称", "registration_number": "注册号", "proof_file_id": "PDF证明"},
    "avoidance_units": {"name": "单位全称", "credit_code": "信用代码", "description": "情况概述"},
}
EXTRA_LABELS = {"evaluation.mobile": "手机号", "specialties.primary": "首选评标专业",
                "specialties.alternate": "备选评标专业",
                SIGNED_SHEET_PATH: "申请和资格审查表（签字盖章扫描件）"}
# Applicant confirmations of a failed checksum: not content a reviewer judges or a diff shows.
NOT_MARKABLE = {"unit_credit_code_confirmed"}
ITEM_PATH = re.compile(r"^(certificates|avoidance_units)\[(\d{1,3})\]\.([a-z_]+)$")

MAX_NOTE_LENGTH = 200
MAX_REASONS_LENGTH = 1000

SCALAR_PATHS: dict[str, str] = {
    **{f"{section}.{name}": FIELD_LABELS[name]
       for section, names in SECTION_FIELDS.items() for name in names
       if name in FIELD_LABELS and name not in NOT_MARKABLE},
    **EXTRA_LABELS,
}


def field_label(path: str) -> str:
    """`basic.name` → 姓名; `certificates[1].name` → 职业资格证书2 · 证书名称."""
    if path in SCALAR_PATHS:
        return SCALAR_PATHS[path]
    match = ITEM_PATH.match(path)
    if match:
        section, index, name = match.groups()
        return f"{SECTION_LABELS[section]}{int(index) + 1} · {ITEM_FIELDS[section].get(name, name)}"
    return path


def markable(path: str, data: dict[str, Any]) -> bool:
    """Whether `path` names a field of the submission `data` (a snapshot's form)."""
    if path in SCALAR_PATHS:
        return True
    match = ITEM_PATH.match(path)
    if not match:
        return False
    section, index, name = match.groups()
    return name in ITEM_FIELDS[section] and int(index) < len(data.get(section) or [])


def field_mark_problems(marks: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    """Each mark that names no field of the submission, or whose note is too long."""
    problems: dict[str, str] = {}
    for path, note in marks.items():
        key = f"field_marks.{path}"
        if not isinstance(path, str) or not markable(path, data):
            problems[key] = "该字段不存在，不能标注"
        elif note is not None and not isinstance(note, str):
            problems[key] = "标注说明须为文字"
        elif note and len(note.strip()) > MAX_NOTE_LENGTH:
            problems[key] = f"标注说明不能超过{MAX_NOTE_LENGTH}个字符"
    return problems
