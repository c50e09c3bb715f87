"""The kinds of message, each registered once by the area that sends it.

A kind's texts are templates/messages/<kind>/<channel>.txt (Jinja, Chinese; for email the first
line is the subject). Which channels a kind may use: email when it has an `EmailPart` (receipts,
invoices: documents to keep); the WeChat channels and, for what must not be missed, SMS.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from server.mail import Attachment

Attachments = Callable[[dict[str, Any]], list[Attachment]]


def no_attachments(_context: dict[str, Any]) -> list[Attachment]:
    return []


@dataclass(frozen=True)
class EmailPart:
    """The kind is mailed; `attachments` builds the files from the message's context."""

    attachments: Attachments = no_attachments


@dataclass(frozen=True)
class MessageKind:
    name: str
    label: str  # what staff read in the console, e.g. 审核结果（驳回）
    must_reach: bool = False  # SMS when no WeChat channel reached the person
    email: EmailPart | None = None
    wechat: bool = True  # subscribe and template messages (kinds with texts for them)
    options: dict[str, Any] = field(default_factory=dict)  # channel settings, e.g. template ids


_kinds: dict[str, MessageKind] = {}


def register(kind: MessageKind) -> MessageKind:
    if kind.name in _kinds and _kinds[kind.name] != kind:
        raise ValueError(f"message kind {kind.name} registered twice")
    _kinds[kind.name] = kind
    return kind


def kind_of(name: str) -> MessageKind:
    try:
        return _kinds[name]
    except KeyError:
        raise ValueError(f"unknown message kind {name!r}; known: {', '.join(sorted(_kinds))}") from None


def all_kinds() -> list[MessageKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.name)
