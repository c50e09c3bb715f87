"""The staff console: server-rendered Chinese pages under /console, cookie session + CSRF."""
from __future__ import annotations

from flask import Blueprint, Flask, redirect, url_for

from server.clock import format_beijing
from server.handlers.console.session import current_staff

bp = Blueprint("console", __name__, url_prefix="/console")


def init_console(app: Flask) -> None:
    from server.handlers.console import (audit, auth, batches, dashboard, errors, home,  # noqa: F401  (routes)
                                        review, review_detail, specialties, staff_accounts)

    app.register_blueprint(bp)
    errors.register(app)
    app.add_url_rule("/", "root", lambda: redirect(url_for("console.home")))
    app.jinja_env.filters["beijing"] = format_beijing
    app.context_processor(lambda: {"staff": current_staff()})
