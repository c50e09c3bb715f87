"""Email: the `MailSender` interface, its message shape, and the SMTP implementation."""
from server.mail.base import MailDeliveryError, MailSender, PermanentMailError, TemporaryMailError
from server.mail.factory import SECURITY_MODES, build_mail_sender
from server.mail.message import Attachment, MailMessage, build_email
from server.mail.smtp import SmtpMailSender

__all__ = ["SECURITY_MODES", "Attachment", "MailDeliveryError", "MailMessage", "MailSender",
           "PermanentMailError", "SmtpMailSender", "TemporaryMailError", "build_email",
           "build_mail_sender"]
