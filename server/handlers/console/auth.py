"""Console login and logout."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from server.accounts.staff import authenticate_staff
from server.errors import DomainError
from server.extensions import limiter
from server.handlers.console import bp
from server.handlers.console.session import current_staff, end_session, start_session
from server.handlers.redirects import safe_redirect_target


def _safe_next(target: str | None) -> str:
    """Only console paths: a login link must not bounce staff to another site (or break the header)."""
    return safe_redirect_target(target, url_for("console.home"), prefix="/console/")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_PER_IP_LIMIT"], methods=["POST"])
def login():
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(url_for("console.home"))
        return render_template("console/login.html", next=_safe_next(request.args.get("next")))
    username = request.form.get("username", "")
    try:
        member = authenticate_staff(username, request.form.get("password", ""))
    except DomainError as error:
        return render_template("console/login.html", error=error.message, username=username,
                               next=_safe_next(request.form.get("next"))), error.status
    start_session(member)
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    end_session()
    return redirect(url_for("console.login"))
