"""What the rest of the app sees of email: one method and two kinds of failure.

The split is what an outbox needs: a temporary failure (server down, a timeout, a 4xx reply) is
worth trying again later; a permanent one (a 5xx reply such as an unknown mailbox, a malformed
address) will fail the same way every time, so the row is marked failed for a person to look at.
"""
from __future__ import annotations

from typing import Protocol

from server.mail.message import MailMessage


class MailDeliveryError(Exception):
    """A message was not accepted; `str(error)` is a Chinese sentence fit for staff.

    `smtp_code` and `smtp_reply` are the server's own answer when there was one, for logs.
    """

    temporary: bool = False

    def __init__(self, message: str, *, smtp_code: int | None = None, smtp_reply: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.smtp_code = smtp_code
        self.smtp_reply = smtp_reply


class TemporaryMailError(MailDeliveryError):
    """Trying again later may work: no connection, a timeout, a 4xx reply."""

    temporary = True


class PermanentMailError(MailDeliveryError):
    """Trying again will not help: a 5xx reply, a malformed address, a setting the server refuses."""

    temporary = False


class MailSender(Protocol):
    def send(self, message: MailMessage) -> str:
        """Hand `message` to the mail server; return its Message-ID. Raise MailDeliveryError."""
        ...
