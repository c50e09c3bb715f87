"""An issued tax invoice (发票) read back from its file: the fields matching needs.

Finance staff issue invoices on the national electronic-invoice platform and upload the files
(PDF or OFD). The text is taken out (pypdf for a PDF, the content XML for an OFD), normalised
(NFKC: full-width colons, brackets, digits and ¥ become their plain forms) and searched for the
printed labels: 发票号码, 开票日期, the buyer's 名称 and 纳税人识别号 (or 统一社会信用代码), and
价税合计. Labels may have spaces between their characters (older layouts print "名 称"). The buyer's
block comes before the seller's on every layout, so the first 名称 and 纳税人识别号 are the buyer's.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from server.files.pdfs import PdfRefused, check_pdf
from server.payments.invoices.ofd import OfdError, ofd_text
from server.payments.invoices.zips import ZipRefused

MAX_INVOICE_BYTES = 5 * 1024 * 1024

UNSUPPORTED = "不支持的文件类型：发票须为 PDF 或 OFD 文件"
TOO_LARGE = "发票文件超过5MB，请检查是否上传了正确的文件"
NO_TEXT = "发票中没有可读取的文字（可能是扫描件或图片），请上传开票平台下载的原始文件"


class InvoiceReadError(ValueError):
    """This file cannot be read as an invoice; the message is the Chinese reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IssuedInvoice:
    filename: str
    kind: str  # "pdf" or "ofd"
    number: str  # 发票号码 (20 digits on fully digital invoices, 8 on older ones)
    issued_on: date
    buyer_name: str
    buyer_taxpayer_number: str  # "" for an individual buyer
    total_fen: int  # 价税合计; negative on a red-letter (红字) invoice
    text: str = field(repr=False)  # all of it, normalised: 备注 may name the request
    data: bytes = field(repr=False)  # the file itself, to email to the applicant


def _label(word: str) -> str:
    return r"\s*".join(re.escape(character) for character in word)


_COLON = r"\s*:[^\S\n]*"  # a value is on its label's line: an empty one never takes the next line's
_TAXPAYER_LABEL = (f"(?:{_label('统一社会信用代码')}\\s*/\\s*{_label('纳税人识别号')}"
                   f"|{_label('纳税人识别号')}|{_label('统一社会信用代码')})")
_NAME_LABEL = _label("名称")
_NUMBER = re.compile(_label("发票号码") + r"\s*:?\s*(\d{8,20})")
_DATE = re.compile(_label("开票日期") + r"\s*:?\s*(\d{4})\s*[年/-]\s*(\d{1,2})\s*[月/-]\s*(\d{1,2})")
# A name runs until whitespace or the next label (side by side, pypdf may not put a space between).
_NAME = re.compile(_NAME_LABEL + _COLON
                   + f"((?:(?!{_NAME_LABEL}|{_TAXPAYER_LABEL})\\S)+)?")
_TAXPAYER = re.compile(_TAXPAYER_LABEL + _COLON + r"([0-9A-Z]{15,20}(?![0-9A-Z]))?")
_TOTAL = re.compile(_label("价税合计") + r"[^\d-]{0,60}?(-)?\s*¥?\s*(-)?\s*(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _first_value(pattern: re.Pattern[str], text: str) -> str | None:
    """The value after the first label: "" when that label has none (never the next one's)."""
    found = pattern.search(text)
    if found is None:
        return None
    return found.group(1) or ""


def _date(text: str) -> date | None:
    found = _DATE.search(text)
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _total_fen(text: str) -> int | None:
    found = _TOTAL.search(text)
    if found is None:
        return None
    sign = -1 if found.group(1) or found.group(2) else 1
    return sign * (int(found.group(3).replace(",", "")) * 100 + int(found.group(4)))


def parse_invoice_text(filename: str, kind: str, text: str, data: bytes) -> IssuedInvoice:
    """The fields from an invoice's text; every field not found is named in one error."""
    text = normalise(text)
    number, issued_on = _first_value(_NUMBER, text), _date(text)
    buyer_name, total_fen = _first_value(_NAME, text), _total_fen(text)
    if not number or issued_on is None or not buyer_name or total_fen is None:
        found = {"发票号码": number, "开票日期": issued_on, "购买方名称": buyer_name, "价税合计": total_fen}
        missing = [label for label, value in found.items() if value is None or value == ""]
        raise InvoiceReadError("未能从发票中读出：" + "、".join(missing))
    return IssuedInvoice(filename=filename, kind=kind, number=number, issued_on=issued_on,
                         buyer_name=buyer_name, buyer_taxpayer_number=_first_value(_TAXPAYER, text) or "",
                         total_fen=total_fen, text=text, data=data)


def _pdf_text(data: bytes) -> str:
    try:
        check_pdf(data)  # damaged, encrypted, scripted or with attachments: never read or mailed on
    except PdfRefused as refused:
        raise InvoiceReadError(str(refused)) from None
    from pypdf import PdfReader  # imported when first needed: it weighs ~10 MB

    reader = PdfReader(io.BytesIO(data), strict=False)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _ofd_text(data: bytes) -> str:
    try:
        return ofd_text(data)
    except (OfdError, ZipRefused) as refused:
        raise InvoiceReadError(str(refused)) from None


def read_invoice(filename: str, data: bytes) -> IssuedInvoice:
    """One uploaded file → its invoice fields, or InvoiceReadError with the Chinese reason.

    The kind is taken from the content (a PDF header, an OFD's zip), not trusted from the name.
    """
    if len(data) > MAX_INVOICE_BYTES:
        raise InvoiceReadError(TOO_LARGE)
    if data.startswith(b"%PDF-"):
        kind, text = "pdf", _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        kind, text = "ofd", _ofd_text(data)
    else:
        raise InvoiceReadError(UNSUPPORTED)
    if not text.strip():
        raise InvoiceReadError(NO_TEXT)
    return parse_invoice_text(filename, kind, text, data)
