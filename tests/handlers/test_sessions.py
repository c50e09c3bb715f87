"""Cookie sessions: an API call without the cookie opens an empty one; the console's cookie still
carries its session from one request to the next."""
from __future__ import annotations

from flask import session

from server.handlers.sessions import CookieSessions


def test_a_request_without_the_cookie_gets_an_empty_session_it_can_write(app):
    with app.test_request_context("/api/v1/applications/current", headers={"Authorization": "Bearer x"}):
        assert isinstance(app.session_interface, CookieSessions)
        assert dict(session) == {} and not session.modified
        session["seen"] = True
        assert session.modified  # a cookie is set on the response


def test_the_cookie_of_one_request_opens_the_session_of_the_next(app):
    interface = CookieSessions()
    with app.test_request_context("/"):
        session["staff_id"] = 7
        response = app.response_class()
        interface.save_session(app, session, response)
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    with app.test_request_context("/", headers={"Cookie": cookie}):
        assert session["staff_id"] == 7


def test_a_tampered_cookie_opens_an_empty_session(app):
    name = CookieSessions().get_cookie_name(app)
    with app.test_request_context("/", headers={"Cookie": f"{name}=eyJzdGFmZl9pZCI6N30.forged.signature"}):
        assert dict(session) == {}
