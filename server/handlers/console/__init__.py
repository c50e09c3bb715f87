"""The staff console: server-rendered Chinese pages under /console, cookie session + CSRF."""
from __future__ import annotations

from flask import Blueprint, Flask, redirect, url_for

from server.clock import format_beijing
from server.handlers.console.session import current_staff
from server.handlers.errors import answer_errors, page_shape

bp = Blueprint("console", __name__, url_prefix="/console")


def init_console(app: Flask) -> None:
    from server.handlers.console import (  # noqa: F401  (routes)
        audit,
        auth,
        batches,
        contacts,
        dashboard,
        exams,
        home,
        invoices,
        jobs,
        messages,
        notices,
        payments,
        reconciliation,
        review,
        review_detail,
        specialties,
        staff_accounts,
    )

    answer_errors(bp.url_prefix, page_shape("console/error.html"))
    app.register_blueprint(bp)
    app.add_url_rule("/", "root", lambda: redirect(url_for("console.home")))
    app.jinja_env.filters["beijing"] = format_beijing
    app.context_processor(lambda: {"staff": current_staff()})
