"""The public verification pages behind printed QR codes: the review sheet (`GET /verify/<token>`),
the payment receipt (`GET /verify/receipts/<token>`) and the admission letter
(`GET /verify/admission/<token>`).

Anyone holding the sheet may scan it, so the page shows only masked values (name "张*", ID number
first 6 + last 4), the batch, which submission and when, and whether it is still the current one.
A receipt's page shows its number, the payer's masked name, the amount, when it was paid, and
whether it was refunded since. The admission letter's page shows the masked name, the expert
number, the term and whether the expert is still in the pool. A token we did not sign, or one
naming nothing, gets the same 404 page. Rate-limited per IP.
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from werkzeug.exceptions import TooManyRequests

from server.clock import format_beijing
from server.documents.admission_letter import chinese_date
from server.documents.verification import check_sheet
from server.exams.letters import check_letter
from server.extensions import limiter
from server.money import format_yuan
from server.payments.receipts import check_receipt

blp = Blueprint("verify", __name__, url_prefix="/verify")
MAX_TOKEN_LENGTH = 200


def _limit() -> str:
    return current_app.config["VERIFY_PER_IP_LIMIT"]


@blp.after_request
def _page_headers(response):
    # Referrer-Policy, frames and the CSP: server.handlers.security_headers (the token stays here).
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


@blp.get("/admission/<token>")
@limiter.limit(_limit, scope="verify-sheet")
def admission_letter(token: str):
    check = check_letter(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if check is None:
        return render_template("verify/unknown.html", what="入库通知书"), 404
    return render_template("verify/admission.html", check=check, issued_on=chinese_date(check.issued_on),
                           term=f"{chinese_date(check.term_start)}至{chinese_date(check.term_end)}")


@blp.get("/receipts/<token>")
@limiter.limit(_limit, scope="verify-receipt")
def receipt(token: str):
    check = check_receipt(token) if len(token) <= MAX_TOKEN_LENGTH else None
    if check is None:
        return render_template("verify/unknown.html", what="缴费凭证"), 404
    return render_template("verify/receipt.html", check=check, amount=format_yuan(check.amount_fen),
                           paid_at=format_beijing(check.paid_at))


@blp.errorhandler(TooManyRequests)
def _too_many(_error):
    return render_template("verify/unknown.html", too_many=True), 429
