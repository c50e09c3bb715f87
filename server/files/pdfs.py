"""PDFs: parsed with pypdf, and refused when encrypted, broken, too long, or able to act.

"Able to act" means anything a viewer may run or open on its own: JavaScript, additional actions
(`/AA`), launch/import/submit actions, XFA forms, rich media, and embedded (attached) files. Every
object reachable from the trailer is inspected, so an action hidden in an annotation, a form
field or an object stream is found too.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from server.files.kinds import PDF_MAX_PAGES

if TYPE_CHECKING:  # pypdf (~10 MB) is imported by the first PDF checked, not when a worker starts
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged upload is our refusal, not a log line

MAX_OBJECTS_VISITED = 500_000
SCRIPT_KEYS = {"/JS", "/JavaScript", "/AA", "/XFA"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute",
                  "/GoToE", "/Rendition"}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"}

DAMAGED = "PDF 文件已损坏或不完整，请重新导出后上传"
ENCRYPTED = "PDF 文件已加密，请上传未加密的文件"
SCRIPTED = "PDF 文件含有脚本或自动执行的动作，不能上传；请用“打印为 PDF”重新生成后上传"
ATTACHMENTS = "PDF 文件含有附件（嵌入的文件），不能上传；请用“打印为 PDF”重新生成后上传"
TOO_COMPLEX = "PDF 文件结构过于复杂，请重新导出后上传"


class PdfRefused(ValueError):
    """The PDF cannot be accepted; the message is the Chinese reason."""


@dataclass(frozen=True)
class CheckedPdf:
    pages: int


def _name(node: DictionaryObject, key: str) -> str | None:
    """A name entry, resolved: a viewer follows `/S 12 0 R` as readily as `/S /JavaScript`."""
    from pypdf.generic import IndirectObject

    value = dict.get(node, key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return str(value) if isinstance(value, str) else None


def _active_content(node: DictionaryObject) -> str | None:
    """Why this one dictionary makes the document able to act, if it does."""
    keys = set(node.keys())
    if keys & SCRIPT_KEYS or _name(node, "/S") in ACTIVE_ACTIONS:
        return SCRIPTED
    if "/EmbeddedFiles" in keys or "/EF" in keys or _name(node, "/Type") == "/EmbeddedFile":
        return ATTACHMENTS
    subtype = _name(node, "/Subtype")
    if subtype in ACTIVE_SUBTYPES:
        return ATTACHMENTS if subtype == "/FileAttachment" else SCRIPTED
    return None


def _find_active_content(reader: PdfReader) -> str | None:
    """Walk every object reachable from the trailer (each indirect object once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack: list[object] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        visited += 1
        if visited > MAX_OBJECTS_VISITED:
            raise PdfRefused(TOO_COMPLEX)
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            reason = _active_content(item)
            if reason:
                return reason
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return None


def _has_end_marker(data: bytes) -> bool:
    """A complete PDF ends with `%%EOF` (possibly followed by a little whitespace or padding)."""
    return b"%%EOF" in data[-1024:]


def check_pdf(data: bytes) -> CheckedPdf:
    """Parse the whole document; `PdfRefused` says why it cannot be used."""
    from pypdf import PdfReader, apply_configuration

    if not _has_end_marker(data):
        raise PdfRefused(DAMAGED)
    try:
        # Read leniently (real scanners write untidy files) but decode strictly: pypdf's byte-by-
        # byte recovery of a corrupt compressed stream would turn a damaged page into a blank one.
        with apply_configuration(zlib_maximum_recovery_input_length=0):
            return _check_parsed(PdfReader(io.BytesIO(data), strict=False))
    except PdfRefused:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged input: each means "damaged"
        raise PdfRefused(DAMAGED) from None


def _check_parsed(reader: PdfReader) -> CheckedPdf:
    if reader.is_encrypted:
        raise PdfRefused(ENCRYPTED)
    pages = len(reader.pages)
    if pages == 0:
        raise PdfRefused("PDF 文件没有页面，请重新导出后上传")
    if pages > PDF_MAX_PAGES:
        raise PdfRefused(f"PDF 文件共{pages}页，不能超过{PDF_MAX_PAGES}页")
    for page in reader.pages:
        _ = page.mediabox
        contents = page.get_contents()
        if contents is None and "/Contents" in page:  # refers to an object that is not there
            raise PdfRefused(DAMAGED)
        if contents is not None:
            contents.get_data()
    reason = _find_active_content(reader)
    if reason:
        raise PdfRefused(reason)
    return CheckedPdf(pages)
