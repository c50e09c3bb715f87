"""Check an upload by its content — never by its name or the type the client declares.

The first bytes decide what a file is (JPEG, PNG or PDF); the kind decides what it may be; then
the image is decoded and re-encoded (`images`) or the PDF parsed whole (`pdfs`). Every refusal is
a DomainError whose Chinese message names the problem, on the field `file`.
"""
from __future__ import annotations

from dataclasses import dataclass

from server.errors import DomainError, InvalidInput
from server.files import kinds
from server.files.images import ImageRefused, clean_image
from server.files.kinds import IMAGE_MAX_BYTES, MB
from server.files.models import FileKind
from server.files.pdfs import PdfRefused, check_pdf

IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
PDF_SIGNATURE = b"%PDF-"


class FileTooLarge(DomainError):
    status, code = 413, "too_large"

    @classmethod
    def over(cls, limit: int, field: str = "file") -> "FileTooLarge":
        message = f"文件超过 {limit // MB}MB，请压缩后重新上传"
        return cls(message, {field: message})


@dataclass(frozen=True)
class Inspected:
    """What will be stored: the (re-encoded) bytes and what they are."""

    data: bytes
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None


def sniff(data: bytes) -> str | None:
    """"image", "pdf", or None, from the leading bytes alone."""
    if data.startswith(IMAGE_SIGNATURES):
        return "image"
    if data.startswith(PDF_SIGNATURE):
        return "pdf"
    return None


def inspect_upload(kind: FileKind, data: bytes, field: str = "file") -> Inspected:
    rule = kinds.rule(kind)
    if not data:
        raise InvalidInput.field(field, "文件为空，请重新选择")
    if len(data) > rule.max_bytes:
        raise FileTooLarge.over(rule.max_bytes, field)
    sort = sniff(data)
    if sort is None or (sort == "image" and not rule.images) or (sort == "pdf" and not rule.pdf):
        raise InvalidInput.field(field, f"{rule.label}须为 {rule.accepted}")
    try:
        if sort == "image":
            if len(data) > IMAGE_MAX_BYTES:
                raise FileTooLarge.over(IMAGE_MAX_BYTES, field)
            image = clean_image(data, rule)
            return Inspected(image.data, "image/jpeg", ".jpg", image.width, image.height)
        pdf = check_pdf(data)
        return Inspected(data, "application/pdf", ".pdf", pages=pdf.pages)
    except (ImageRefused, PdfRefused) as refusal:
        raise InvalidInput.field(field, str(refusal)) from None
