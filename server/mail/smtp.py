"""Sending over SMTP (smtplib): plain, STARTTLS or implicit TLS, with a login and a timeout.

Every failure becomes a TemporaryMailError or a PermanentMailError by the rule of RFC 5321: a 4xx
reply is transient, a 5xx reply permanent; anything that stops the conversation itself (refused
connection, timeout, dropped line, TLS failure) is temporary, since the server may be back later.
The password is never logged, nor the message body: logs name the masked recipient and the reply.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.headerregistry import Address
from email.policy import SMTP as SMTP_POLICY
from typing import Literal, NoReturn

from server import clock
from server.mail.base import PermanentMailError, TemporaryMailError
from server.mail.message import MailMessage, build_email, is_mail_address

logger = logging.getLogger(__name__)

Security = Literal["none", "starttls", "ssl"]

UNAVAILABLE = "邮件服务器暂时无法连接，稍后将重试"
DEFERRED = "邮件服务器暂时拒收，稍后将重试"
REFUSED = "邮件服务器拒收此邮件"
BAD_ADDRESS = "收件人邮箱地址格式不正确"
MISCONFIGURED = "邮件服务器不支持当前的发信设置（MAIL_SECURITY 或登录方式），请管理员检查"


def mask_address(address: str) -> str:
    """'zhangsan@example.com' → 'z***@example.com': enough for a log, not a mailing list."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class SmtpMailSender:
    """One connection per message: mail is rare here (a receipt, an invoice, a notice)."""

    def __init__(self, *, host: str, port: int, sender: Address, security: Security = "starttls",
                 username: str = "", password: str = "", timeout: float = 10.0,
                 tls_context: ssl.SSLContext | None = None) -> None:
        self._host, self._port = host, port
        self._sender = sender
        self._security = security
        self._username, self._password = username, password
        self._timeout = timeout
        # The system's trusted CAs; a test hands in a context trusting its own certificate.
        self._tls = tls_context or ssl.create_default_context()

    def __repr__(self) -> str:  # never the password
        return (f"SmtpMailSender(host={self._host!r}, port={self._port}, "
                f"security={self._security!r}, username={self._username!r})")

    def send(self, message: MailMessage) -> str:
        if not is_mail_address(message.to):
            logger.error("Mail not sent: malformed recipient %s", mask_address(message.to))
            raise PermanentMailError(BAD_ADDRESS)
        email = build_email(message, self._sender, date=clock.now())
        try:
            self._deliver(message.to, email.as_bytes(policy=SMTP_POLICY))
        except (smtplib.SMTPException, OSError) as error:
            self._fail(message.to, error)
        logger.info("Mail %s accepted for %s", email["Message-ID"], mask_address(message.to))
        return str(email["Message-ID"])

    def _deliver(self, to: str, data: bytes) -> None:
        connection = self._connect()
        try:
            if self._security == "starttls":
                connection.starttls(context=self._tls)
            if self._username:
                connection.login(self._username, self._password)
            connection.sendmail(self._sender.addr_spec, [to], data)
        except BaseException:
            connection.close()  # no QUIT: after a timeout it would wait as long again
            raise
        _hang_up(connection)

    def _connect(self) -> smtplib.SMTP:
        if self._security == "ssl":
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=self._tls)
        return smtplib.SMTP(self._host, self._port, timeout=self._timeout)

    def _fail(self, to: str, error: Exception) -> NoReturn:
        code, reply = _reply_of(error)
        where = f"{self._host}:{self._port}"
        if isinstance(error, smtplib.SMTPNotSupportedError):
            logger.error("Mail to %s: %s does not support the configured security or login (%s)",
                         mask_address(to), where, error)
            raise PermanentMailError(MISCONFIGURED) from None
        if code is None:
            logger.warning("Mail to %s: %s unreachable (%s: %s)", mask_address(to), where,
                           type(error).__name__, error)
            raise TemporaryMailError(UNAVAILABLE) from None
        if 400 <= code < 500:
            logger.warning("Mail to %s deferred by %s: %s %s", mask_address(to), where, code, reply)
            raise TemporaryMailError(DEFERRED, smtp_code=code, smtp_reply=reply) from None
        logger.error("Mail to %s refused by %s: %s %s", mask_address(to), where, code, reply)
        raise PermanentMailError(REFUSED, smtp_code=code, smtp_reply=reply) from None


def _hang_up(connection: smtplib.SMTP) -> None:
    """QUIT politely; once the message is accepted, a failing goodbye must not look like a failure."""
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _reply_of(error: Exception) -> tuple[int | None, str]:
    """The server's reply code and text behind an smtplib error, or (None, "") if it sent none."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # One recipient per message, so one reply.
        code, text = next(iter(error.recipients.values()))
        return code, _text(text)
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 400:
        return error.smtp_code, _text(error.smtp_error)
    return None, ""


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
