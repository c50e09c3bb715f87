"""The channels the sender tries, in order, and the one shape of their failures.

A channel says whether it can reach the person for this message (`reaches`) and delivers it, or
raises `Undelivered`: temporary (try again later) or permanent (this channel will not do; the
sender falls through to the next). The WeChat channels (subscribe message, template message) and
SMS join the list with `add_channel`, in the order the person should be tried.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask import current_app

from server import outside
from server.mail import MailDeliveryError, MailMessage
from server.mail.message import is_mail_address
from server.messages.kinds import MessageKind


@dataclass(frozen=True)
class Recipient:
    """What the sender knows of the person a message is for."""

    account_id: int | None  # None for a staff member
    phone: str | None
    email: str | None  # the application's email (invoices go there, the seed says); the member's
    miniprogram_openid: str | None
    staff_id: int | None = None
    official_account_openid: str | None = None  # bound by the profile's QR code: template messages
    subscribe_templates: frozenset[str] = frozenset()  # subscribe templates a grant is held for


@dataclass(frozen=True)
class Outgoing:
    """One message as a channel sees it."""

    id: int
    kind: MessageKind
    context: dict[str, Any]
    recipient: Recipient


class Undelivered(Exception):
    def __init__(self, reason: str, *, temporary: bool) -> None:
        super().__init__(reason)
        self.reason, self.temporary = reason, temporary


class Channel(Protocol):
    name: str

    def reaches(self, message: Outgoing) -> bool: ...

    def deliver(self, message: Outgoing) -> None: ...


def render(kind: str, channel: str, context: dict[str, Any]) -> str:
    """A message text: plain Jinja, no request (the sender runs in the scheduler's process)."""
    return current_app.jinja_env.get_template(f"messages/{kind}/{channel}.txt").render(**context).strip()


class EmailChannel:
    """Kinds with an email part go to the person's email address, with their attachments."""

    name = "email"

    def reaches(self, message: Outgoing) -> bool:
        return message.kind.email is not None and is_mail_address(self._address(message) or "")

    @staticmethod
    def _address(message: Outgoing) -> str | None:
        return message.context.get("email") or message.recipient.email

    def deliver(self, message: Outgoing) -> None:
        subject, _, body = render(message.kind.name, "email", message.context).partition("\n")
        mail = MailMessage(to=self._address(message), subject=subject.strip(), text=body.strip(),
                           attachments=tuple(message.kind.email.attachments(message.context)))
        try:
            outside.mail_sender().send(mail)
        except MailDeliveryError as error:
            raise Undelivered(str(error), temporary=error.temporary) from error


_channels: list[Channel] = [EmailChannel()]


def add_channel(channel: Channel) -> None:
    """Append a channel to the order the sender tries (the WeChat channels, then SMS)."""
    if any(existing.name == channel.name for existing in _channels):
        raise ValueError(f"channel {channel.name} added twice")
    _channels.append(channel)


def channels() -> list[Channel]:
    return list(_channels)
