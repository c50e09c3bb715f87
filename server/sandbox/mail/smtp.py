"""The sandbox's SMTP server: aiosmtpd on a loopback port, in its own thread.

It speaks real SMTP, so the production sender (smtplib) runs unchanged against it: it requires a
login (AUTH PLAIN/LOGIN with the sandbox's generated credentials), refuses RCPT or DATA on demand
with a 4xx or 5xx reply, and can be taken down (connection refused) and brought back on its port.
Plain SMTP by default; given a TLS context it offers STARTTLS, or speaks TLS from the first byte.
"""
from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from server.sandbox.mail.mailbox import Mailbox

logger = logging.getLogger(__name__)

# aiosmtpd logs every login as a deprecation: noise on a loopback sandbox.
logging.getLogger("mail.log").setLevel(logging.ERROR)


class _Handler:
    def __init__(self, mailbox: Mailbox, clock: Callable[[], float]) -> None:
        self._mailbox = mailbox
        self._clock = clock

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        """A login first, as a submission server wants (aiosmtpd's own `auth_required` would warn
        at every connection that there is no TLS, which a loopback sandbox does not need)."""
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        refusal = self._mailbox.refusal("rcpt")
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._mailbox.refusal("data")
        if refusal is not None:
            return refusal
        raw = envelope.original_content or envelope.content or b""
        mail = self._mailbox.add(self._clock(), envelope.mail_from or "", list(envelope.rcpt_tos),
                                 raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        logger.debug("Sandbox mail %s received for %s", mail.id, ", ".join(mail.envelope_to))
        return "250 Message accepted for delivery"


class _Authenticator:
    def __init__(self, username: str, password: str) -> None:
        self._login = (username.encode(), password.encode())

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                 auth_data: Any) -> AuthResult:
        given = (auth_data.login, auth_data.password) if isinstance(auth_data, LoginPassword) else None
        # handled=False: aiosmtpd then answers 535 itself (else it answers nothing at all).
        return AuthResult(success=given == self._login, handled=False)


class _Controller(Controller):
    """aiosmtpd checks the server is up by connecting to `port`, which fails for port 0: read the
    port the system bound before that check (no free-port guess, so no race for it)."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SandboxSmtpServer:
    def __init__(self, mailbox: Mailbox, *, username: str, password: str,
                 clock: Callable[[], float], host: str = "127.0.0.1", port: int = 0,
                 tls_context: ssl.SSLContext | None = None, implicit_tls: bool = False) -> None:
        """`tls_context` (a server context with its certificate) offers STARTTLS; with
        `implicit_tls` the whole connection is TLS (port 465 style) instead."""
        self.host, self.port = host, port
        self._handler = _Handler(mailbox, clock)
        self._authenticator = _Authenticator(username, password)
        self._tls_context, self._implicit_tls = tls_context, implicit_tls
        self._controller: _Controller | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> int:
        """Listen (on the port of the last run, if there was one) and return the port."""
        with self._lock:
            if self._controller is None:
                self._controller = self._build()
                self._controller.start()
                self.port = self._controller.port
        return self.port

    def stop(self) -> None:
        """Close the listener: clients now get "connection refused"."""
        with self._lock:
            if self._controller is not None:
                self._controller.stop()
                self._controller = None

    def _build(self) -> _Controller:
        tls = self._tls_context
        starttls = tls is not None and not self._implicit_tls
        return _Controller(
            self._handler, hostname=self.host, port=self.port,
            ssl_context=tls if self._implicit_tls else None,
            tls_context=tls if starttls else None, require_starttls=starttls,
            authenticator=self._authenticator, auth_require_tls=False,
            server_hostname="sandbox.localhost", ready_timeout=10)
