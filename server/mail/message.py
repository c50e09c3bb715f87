"""An email as the app describes it, and the MIME message built from it (`email.message`).

The standard library does the encoding the receiving clients need: a Chinese subject becomes an
RFC 2047 encoded word, a Chinese attachment name an RFC 2231 parameter (`filename*=utf-8''…`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

# A plain mailbox, ASCII only: what the application form accepts and every server delivers.
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
_CONTENT_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class MailMessage:
    """One message to one recipient (an outbox row per recipient keeps retries exact)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


def is_mail_address(value: str) -> bool:
    """A bare ASCII address (`name@example.com`), nothing a header could be smuggled into."""
    return bool(_ADDRESS.fullmatch(value or "")) and len(value) <= 254


def _one_line(value: str) -> str:
    """Header text on one line: line breaks and other control characters become spaces."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value)
    return " ".join(cleaned.split())


def safe_filename(name: str) -> str:
    """The last path part, on one line (a client must never see a path in a file name)."""
    base = re.split(r"[\\/]", _one_line(name))[-1].strip(". ")
    return base or "attachment"


def _parts(content_type: str) -> tuple[str, str]:
    normal = content_type.strip().lower()
    if not _CONTENT_TYPE.fullmatch(normal):
        raise ValueError(f"not a MIME type: {content_type!r}")
    maintype, subtype = normal.split("/")
    if maintype in {"multipart", "message"}:
        raise ValueError(f"an attachment cannot be a {maintype}/* part")
    return maintype, subtype


def build_email(message: MailMessage, sender: Address, *, date: datetime) -> EmailMessage:
    """The MIME message: text (and HTML) alternatives, then the attachments.

    `sender` is the From header (a display name may be Chinese); `date` an aware datetime.
    Raises ValueError when the recipient address or an attachment type is malformed.
    """
    if not is_mail_address(message.to):
        raise ValueError(f"not a mail address: {message.to!r}")
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = _one_line(message.subject)
    email["Date"] = format_datetime(date)
    email["Message-ID"] = make_msgid(domain=sender.domain or None)
    # base64 keeps the message 7-bit clean: not every server takes 8BITMIME.
    email.set_content(message.text, cte="base64")
    if message.html is not None:
        email.add_alternative(message.html, subtype="html", cte="base64")
    for attachment in message.attachments:
        maintype, subtype = _parts(attachment.content_type)
        email.add_attachment(attachment.data, maintype=maintype, subtype=subtype,
                             filename=safe_filename(attachment.filename))
    return email
