"""Build the app's MailSender from plain settings (the app maps its MAIL_* config onto these)."""
from __future__ import annotations

import ssl
from email.headerregistry import Address
from email.utils import parseaddr

from server.mail.message import is_mail_address
from server.mail.smtp import SmtpMailSender

SECURITY_MODES = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


def parse_sender(value: str) -> Address:
    """'新疆建设工程招标投标协会 <noreply@example.org>' or a bare address → the From header."""
    display_name, address = parseaddr(value or "")
    if not is_mail_address(address):
        raise ValueError(f"MAIL_FROM is not a mail address: {value!r}")
    local, domain = address.split("@")
    return Address(display_name=display_name, username=local, domain=domain)


def build_mail_sender(*, host: str, sender: str, port: int | None = None, security: str = "starttls",
                      username: str = "", password: str = "", timeout: float = 10.0,
                      tls_context: ssl.SSLContext | None = None) -> SmtpMailSender:
    """SMTP to `host` (the real server, or the sandbox's local one); `port` None means the usual
    port of `security` (25, 587, 465). Bad settings fail here, by name, not at the first message."""
    if not host:
        raise ValueError("mail settings missing: MAIL_HOST")
    if security not in SECURITY_MODES:
        raise ValueError(f"MAIL_SECURITY must be one of {', '.join(SECURITY_MODES)}, not {security!r}")
    if username and not password:
        raise ValueError("mail settings missing: MAIL_PASSWORD (MAIL_USERNAME is set)")
    return SmtpMailSender(host=host, port=port or DEFAULT_PORTS[security], sender=parse_sender(sender),
                          security=security, username=username, password=password, timeout=timeout,
                          tls_context=tls_context)
