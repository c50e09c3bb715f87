"""The public verification page of a printed review sheet: `GET /verify/<token>` (the QR code).

Anyone holding the sheet may scan it, so the page shows only masked values (name "张*", ID number
first 6 + last 4), the batch, which submission and when, and whether it is still the current one.
A token we did not sign, or one naming no submission, gets the same 404 page. Rate-limited per IP.
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from werkzeug.exceptions import TooManyRequests

from server.clock import format_beijing
from server.documents.verification import check_sheet
from server.extensions import limiter

blp = Blueprint("verify", __name__, url_prefix="/verify")
MAX_TOKEN_LENGTH = 200


def _limit() -> str:
    return current_app.config["VERIFY_PER_IP_LIMIT"]


@blp.after_request
def _page_headers(response):
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays on this page
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"  # the verdict changes on a withdrawal
    return response


@blp.get("/<token>")
@limiter.limit(_limit, scope="verify-sheet")
def sheet(token: str):
    check = check_sheet(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if check is None:
        return render_template("verify/unknown.html"), 404
    return render_template("verify/sheet.html", check=check,
                           submitted_at=format_beijing(check.submitted_at))


@blp.errorhandler(TooManyRequests)
def _too_many(_error):
    return render_template("verify/unknown.html", too_many=True), 429
