"""Who is logged in to the console: the signed session cookie names a staff member.

The cookie carries the member's `session_version`, checked against the row on every request, so a
logout, a password change or a deactivation ends every open console session of the member (a
replayed cookie is refused), and a login older than STAFF_SESSION_HOURS expires.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for

from server.accounts.models import StaffMember, StaffRole
from server.accounts.staff import end_sessions
from server.clock import now
from server.extensions import db


def start_session(member: StaffMember) -> None:
    session.clear()
    session["staff_id"] = member.id
    session["staff_version"] = member.session_version
    session["login_at"] = now().isoformat()
    session.permanent = False


def end_session() -> None:
    """Logout ends the session on the server (the member's session version moves on), then here."""
    member = current_staff()
    if member is not None:
        end_sessions(member.id, session.get("staff_version"))
    session.clear()
    g.pop("console_staff", None)


def current_staff() -> StaffMember | None:
    if "console_staff" in g:
        return g.console_staff
    member = None
    staff_id = session.get("staff_id")
    if staff_id is not None:
        candidate = db.session.get(StaffMember, staff_id)
        max_age = timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])
        fresh = now() - datetime.fromisoformat(session.get("login_at", "1970-01-01T00:00:00+00:00")) < max_age
        if (candidate is not None and candidate.active and fresh
                and candidate.session_version == session.get("staff_version")):
            member = candidate
    g.console_staff = member
    return member


def staff_required(*roles: StaffRole) -> Callable:
    """Console pages need a logged-in staff member, and some need one of `roles`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            member = current_staff()
            if member is None:
                return redirect(url_for("console.login", next=request.full_path))
            if roles and member.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
