"""What the sandbox's SMTP server received, parsed the way a mail client would, and the refusals
it was told to give (thread-safe: the SMTP server runs in its own thread)."""
from __future__ import annotations

import email
import email.policy
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal

Stage = Literal["rcpt", "data"]
STAGES: tuple[Stage, ...] = ("rcpt", "data")

_REPLIES = {4: "{code} 4.3.0 Sandbox: temporarily refusing mail, try again later",
            5: "{code} 5.1.1 Sandbox: mailbox unavailable, message refused"}


@dataclass(frozen=True)
class ReceivedAttachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ReceivedMail:
    """One accepted message: the envelope, the decoded headers and parts, and the raw bytes."""

    id: int
    at: float
    envelope_from: str
    envelope_to: tuple[str, ...]
    sender: str
    to: str
    subject: str
    message_id: str
    text: str
    html: str | None
    attachments: tuple[ReceivedAttachment, ...]
    raw: bytes = field(repr=False)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "envelope_from": self.envelope_from,
                "envelope_to": list(self.envelope_to), "from": self.sender, "to": self.to,
                "subject": self.subject, "message_id": self.message_id, "text": self.text,
                "html": self.html,
                "attachments": [{"filename": a.filename, "content_type": a.content_type,
                                 "size": len(a.data)} for a in self.attachments]}


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def _body(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return None
    try:
        return part.get_content()
    except (LookupError, ValueError):  # an unknown charset: show what can be read
        return (part.get_payload(decode=True) or b"").decode("utf-8", "replace")


def received(mail_id: int, at: float, envelope_from: str, envelope_to: list[str],
             raw: bytes) -> ReceivedMail:
    message = parse(raw)
    attachments = tuple(
        ReceivedAttachment(part.get_filename() or "", part.get_content_type(),
                           part.get_payload(decode=True) or b"")
        for part in message.iter_attachments())
    return ReceivedMail(
        id=mail_id, at=at, envelope_from=envelope_from, envelope_to=tuple(envelope_to),
        sender=str(message.get("From", "")), to=str(message.get("To", "")),
        subject=str(message.get("Subject", "")), message_id=str(message.get("Message-ID", "")),
        text=_body(message, "plain") or "", html=_body(message, "html"), attachments=attachments,
        raw=raw)


@dataclass
class _Refusal:
    code: int
    remaining: int


class Mailbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._mails: list[ReceivedMail] = []
            self._refusals: dict[Stage, list[_Refusal]] = {stage: [] for stage in STAGES}
            self._next_id = 1

    def fail_next(self, code: int, times: int = 1, stage: Stage = "rcpt") -> None:
        """The next `times` RCPT (or DATA) commands are answered `code` (4xx or 5xx)."""
        if not 400 <= code <= 599 or times < 1 or stage not in STAGES:
            raise ValueError("code must be 4xx or 5xx, times at least 1, stage rcpt or data")
        with self._lock:
            self._refusals[stage].append(_Refusal(code, times))

    def refusal(self, stage: Stage) -> str | None:
        """The reply to give now instead of accepting, if a refusal is planned for `stage`."""
        with self._lock:
            queue = self._refusals[stage]
            if not queue:
                return None
            planned = queue[0]
            planned.remaining -= 1
            if planned.remaining == 0:
                queue.pop(0)
        return _REPLIES[planned.code // 100].format(code=planned.code)

    def add(self, at: float, envelope_from: str, envelope_to: list[str], raw: bytes) -> ReceivedMail:
        with self._lock:
            mail = received(self._next_id, at, envelope_from, envelope_to, raw)
            self._next_id += 1
            self._mails.append(mail)
        return mail

    @property
    def mails(self) -> list[ReceivedMail]:
        """Oldest first."""
        with self._lock:
            return list(self._mails)

    def get(self, mail_id: int) -> ReceivedMail | None:
        with self._lock:
            return next((mail for mail in self._mails if mail.id == mail_id), None)

    def planned_refusals(self) -> dict[str, list[dict[str, int]]]:
        with self._lock:
            return {stage: [vars(r).copy() for r in queue] for stage, queue in self._refusals.items()}
