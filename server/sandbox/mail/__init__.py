"""The sandbox's mail server: a real SMTP server (aiosmtpd) on loopback, its mailbox and its page."""
from server.sandbox.mail.mailbox import Mailbox, ReceivedAttachment, ReceivedMail
from server.sandbox.mail.smtp import SandboxSmtpServer

__all__ = ["Mailbox", "ReceivedAttachment", "ReceivedMail", "SandboxSmtpServer"]
