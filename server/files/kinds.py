"""What each kind of upload is called and what it may be.

The limits are chosen here, in one table, and documented in the README:
- labels follow the seed's form (its ID card 正面 is the national-emblem side).
- images (photo, ID card sides, an image of the title certificate): JPEG or PNG, at most 5 MB, at
  most 8000 pixels a side; at least 150×200 for the 1-inch photo (portrait, after EXIF rotation)
  and at least 300×200 (either orientation) for the others. They are re-encoded as JPEG (quality
  90, no metadata) and scaled down to at most 1200 pixels (photo) or 3000 pixels (others) on the
  longer side — ample for a 1-inch photo and for reading a certificate, and it bounds what the
  review sheet and the console later load.
- PDFs: at most 10 MB, 1 to 50 pages, not encrypted, no scripts, actions or attached files.
"""
from __future__ import annotations

from dataclasses import dataclass

from server.files.models import FileKind

MB = 1024 * 1024
IMAGE_MAX_BYTES = 5 * MB
PDF_MAX_BYTES = 10 * MB
IMAGE_MAX_SIDE = 8000
PDF_MAX_PAGES = 50


@dataclass(frozen=True)
class KindRule:
    label: str
    images: bool
    pdf: bool
    # Smallest acceptable image (width, height); `portrait` means as shown, else either way round.
    min_size: tuple[int, int] = (300, 200)
    portrait: bool = False
    stored_max_side: int = 3000

    @property
    def max_bytes(self) -> int:
        return PDF_MAX_BYTES if self.pdf else IMAGE_MAX_BYTES

    @property
    def accepted(self) -> str:
        """The acceptable types, as the refusal messages and the upload page say them."""
        if self.images and self.pdf:
            return "JPG、PNG 图片或 PDF 文件"
        return "JPG 或 PNG 图片" if self.images else "PDF 文件"

    @property
    def explanation(self) -> str:
        """One sentence telling an applicant what to upload."""
        parts = []
        if self.images:
            parts.append(f"JPG 或 PNG 图片（不超过{IMAGE_MAX_BYTES // MB}MB）")
        if self.pdf:
            parts.append(f"PDF 文件（不超过{PDF_MAX_BYTES // MB}MB、{PDF_MAX_PAGES}页以内，"
                         "不能加密，不能含脚本或附件）")
        return "请上传 " + "，或 ".join(parts) + "。"


RULES: dict[FileKind, KindRule] = {
    FileKind.photo: KindRule("一寸免冠照", images=True, pdf=False, min_size=(150, 200), portrait=True,
                             stored_max_side=1200),
    FileKind.id_card_front: KindRule("身份证正面（国徽面）", images=True, pdf=False),
    FileKind.id_card_back: KindRule("身份证反面（人像面）", images=True, pdf=False),
    FileKind.title_certificate: KindRule("职称证书", images=True, pdf=True),
    FileKind.education_proof: KindRule("学历证明", images=False, pdf=True),
    FileKind.certificate_proof: KindRule("执业资格证书", images=False, pdf=True),
    FileKind.commitment_letter: KindRule("诚信承诺书", images=False, pdf=True),
    FileKind.signed_review_sheet: KindRule("签字盖章的申请和资格审查表", images=False, pdf=True),
    # One photo per signed page, legible when printed on A4 (about 100 dpi at the least).
    FileKind.signed_sheet_page: KindRule("审查表照片（每页一张）", images=True, pdf=False, min_size=(800, 1100),
                                         portrait=True, stored_max_side=2400),
}


IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")
PDF_EXTENSIONS = ("pdf",)


def limits(kind: FileKind) -> dict:
    """What a client may send for `kind`, stated so it can check a file before sending it."""
    rule = RULES[kind]
    width, height = rule.min_size
    image = {"extensions": list(IMAGE_EXTENSIONS), "max_bytes": IMAGE_MAX_BYTES, "max_side": IMAGE_MAX_SIDE,
             "min_width": width, "min_height": height, "portrait": rule.portrait}
    pdf = {"extensions": list(PDF_EXTENSIONS), "max_bytes": PDF_MAX_BYTES, "max_pages": PDF_MAX_PAGES}
    return {"kind": kind.value, "label": rule.label, "accepted": rule.accepted, "explanation": rule.explanation,
            "image": image if rule.images else None, "pdf": pdf if rule.pdf else None}


def rule(kind: FileKind) -> KindRule:
    return RULES[kind]


def label(kind: FileKind) -> str:
    return RULES[kind].label
