"""Upload slots: the places in an application a file can go, each with the kinds it accepts.

The one home of the slot rules. A section save names a slot by its column (`photo_file_id`), a
desktop-upload code by its key (`education_proof`, `certificate:<id>`, `signed_review_sheet`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from server.applications.models import Application, Certificate
from server.errors import InvalidInput
from server.files import kinds
from server.files.models import FileKind

# Column of Application -> the kinds it may hold.
FILE_SLOTS: dict[str, tuple[FileKind, ...]] = {
    "photo_file_id": (FileKind.photo,),
    "id_card_front_file_id": (FileKind.id_card_front,),
    "id_card_back_file_id": (FileKind.id_card_back,),
    "title_certificate_file_id": (FileKind.title_certificate,),
    "education_proof_file_id": (FileKind.education_proof,),
    "commitment_letter_file_id": (FileKind.commitment_letter,),
}
CERTIFICATE_PROOF_KINDS = (FileKind.certificate_proof,)
SIGNED_SHEET_COLUMN = "signed_sheet_file_id"
SIGNED_SHEET_KINDS = (FileKind.signed_review_sheet,)

SIGNED_SHEET = "signed_review_sheet"
# Desktop upload (a computer's browser): the PDF slots, by key.
DESKTOP_SLOTS = {"title_certificate": "title_certificate_file_id",
                 "education_proof": "education_proof_file_id",
                 "commitment_letter": "commitment_letter_file_id",
                 SIGNED_SHEET: SIGNED_SHEET_COLUMN}
CERTIFICATE_SLOT = re.compile(r"certificate:(\d{1,9})")


@dataclass(frozen=True)
class Slot:
    """One place for a file: a column of the application, or one certificate's proof."""

    key: str
    kind: FileKind
    label: str
    column: str | None = None
    certificate: Certificate | None = None

    @property
    def rule(self) -> kinds.KindRule:
        return kinds.rule(self.kind)

    @property
    def is_signed_sheet(self) -> bool:
        return self.key == SIGNED_SHEET


def _column_kinds(column: str) -> tuple[FileKind, ...]:
    return SIGNED_SHEET_KINDS if column == SIGNED_SHEET_COLUMN else FILE_SLOTS[column]


def desktop_slot(application: Application, key: str) -> Slot:
    """The slot named `key` in this application, or InvalidInput on the field `slot`."""
    if key in DESKTOP_SLOTS:
        column = DESKTOP_SLOTS[key]
        kind = _column_kinds(column)[0]
        return Slot(key, kind, kinds.label(kind), column=column)
    match = CERTIFICATE_SLOT.fullmatch(key)
    if match:
        certificate = next((c for c in application.certificates if c.id == int(match.group(1))), None)
        if certificate is None:
            raise InvalidInput.field("slot", "该职业资格证书不存在，请先保存证书信息")
        name = f"（{certificate.name}）" if certificate.name else ""
        kind = CERTIFICATE_PROOF_KINDS[0]
        return Slot(key, kind, f"{kinds.label(kind)}{name}", certificate=certificate)
    choices = "、".join([*DESKTOP_SLOTS, "certificate:<证书编号>"])
    raise InvalidInput.field("slot", f"上传位置须为以下之一：{choices}")


def referenced_file_ids(application: Application) -> set[int]:
    """Every file the application refers to now: its slots, its certificates' proofs, the sheet."""
    ids = {getattr(application, column) for column in FILE_SLOTS}
    ids.add(application.signed_sheet_file_id)
    ids |= {certificate.proof_file_id for certificate in application.certificates}
    return ids - {None}


def snapshot_file_ids(data: dict) -> set[int]:
    """Every file a frozen submission refers to."""
    ids = {value for section in data.values() if isinstance(section, dict)
           for name, value in section.items() if name.endswith("file_id") and isinstance(value, int)}
    return ids | {item.get("proof_file_id") for item in data.get("certificates") or []
                  if isinstance(item.get("proof_file_id"), int)}
