"""Flask's signed-cookie sessions (the console's and the upload page's), opened cheaply when there
is no cookie to read."""
from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    """A request without the session cookie (every API call: the mini-program sends a bearer token)
    gets its empty session at once, instead of after a signer is built for a cookie it lacks."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_sessions(app: Flask) -> None:
    app.session_interface = CookieSessions()
