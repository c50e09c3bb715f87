"""Invoices in the console: the requests of a period exported for finance, the issued files
uploaded back (PDF, OFD or a zip; the app's 11 MB request cap applies to one upload), matched, the
unmatched assigned by hand, 红冲 and resend. Every change goes through `server.payments.invoicing`."""
from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for

from server.accounts.actors import Scope
from server.clock import format_beijing, now
from server.errors import DomainError
from server.handlers.console import bp
from server.handlers.console.payments import FEE_STAFF
from server.handlers.console.review_filters import parse_day, valid_id
from server.handlers.console.session import current_staff, staff_required
from server.handlers.documents import send_document
from server.handlers.errors import ErrorShape, answer_errors, page_shape
from server.payments import invoice_files, invoicing, staff_documents
from server.payments.invoices.zips import MAX_MEMBERS

MB = 1024 * 1024
PAGE = page_shape("console/error.html")


def _too_large(error):
    """An upload over the app's request cap is refused before it is read: say what to do."""
    if error.code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"] // MB
        return render_template("console/error.html", message=f"一次上传的文件合计超过 {limit} MB，请分批上传"
                                                             "（或分成几个较小的压缩包）"), 413
    return PAGE.http(error)


answer_errors("/console/invoices/upload", ErrorShape(domain=PAGE.domain, http=_too_large, unexpected=PAGE.unexpected))


def _period() -> tuple[date | None, date | None, dict[str, str], dict[str, str]]:
    values = {"from": (request.args.get("from") or "").strip(), "to": (request.args.get("to") or "").strip()}
    problems: dict[str, str] = {}
    return (parse_day(values["from"], "开始日期", "from", problems),
            parse_day(values["to"], "结束日期", "to", problems), values, problems)


@bp.get("/invoices")
@staff_required(*FEE_STAFF)
def invoices():
    date_from, date_to, values, problems = _period()
    return render_template(
        "console/invoices.html", values=values, problems=problems,
        requests=invoicing.requests_of_period(date_from, date_to, Scope.of(current_staff())),
        waiting=invoicing.waiting_requests(), unassigned=invoicing.unassigned_invoices(),
        recent=invoicing.recent_invoices(), max_mb=current_app.config["MAX_CONTENT_LENGTH"] // MB,
        max_members=MAX_MEMBERS)


@bp.get("/invoices/export.xlsx")
@staff_required(*FEE_STAFF)
def invoices_export():
    date_from, date_to, _values, _problems = _period()
    _rows, data = invoicing.export_requests(date_from, date_to, current_staff())
    stamp = format_beijing(now(), "%Y%m%d%H%M")
    return send_document(data, f"开票申请_{stamp}.xlsx", f"invoice_requests_{stamp}.xlsx")


@bp.get("/invoices/<int:invoice_id>/file")
@staff_required(*FEE_STAFF)
def invoice_file(invoice_id: int):
    invoice, data = staff_documents.invoice_for_staff(invoice_id, current_staff())
    return send_document(data, invoice_files.filename(invoice), f"invoice-{invoice.id}.{invoice.kind}", inline=True)


@bp.post("/invoices/upload")
@staff_required(*FEE_STAFF)
def invoices_upload():
    files = [(storage.filename or "发票", storage.read()) for storage in request.files.getlist("files")
             if storage.filename]
    try:
        report = invoicing.upload_invoices(files, current_staff())
    except DomainError as error:
        flash(error.message)
        return redirect(url_for("console.invoices"))
    flash(f"已保存{len(report.stored)}张发票，自动匹配并发送{len(report.matched)}张，"
          f"待人工指定{len(report.unmatched)}张" + (f"，{len(report.problems)}个文件未处理" if report.problems else ""))
    for problem in report.problems:
        flash(f"{problem.name}：{problem.reason}")
    return redirect(url_for("console.invoices"))


def _act(action, done: str):
    try:
        action()
    except DomainError as error:
        flash(error.message)
    else:
        flash(done)
    return redirect(url_for("console.invoices"))


@bp.post("/invoices/<int:invoice_id>/assign")
@staff_required(*FEE_STAFF)
def invoice_assign(invoice_id: int):
    request_id = request.form.get("request_id", "")
    return _act(lambda: invoicing.assign_invoice(invoice_id, request_id, current_staff()),
                f"已将发票指定给申请号 {request_id.strip()} 并发送")


@bp.post("/invoices/<int:invoice_id>/void")
@staff_required(*FEE_STAFF)
def invoice_void(invoice_id: int):
    red_letter = valid_id(request.form.get("red_letter_id", ""))
    return _act(lambda: invoicing.void_invoice(invoice_id, current_staff(), request.form.get("reason", ""), red_letter),
                "已红冲作废；该申请可重新开具发票")


@bp.post("/invoices/<int:invoice_id>/resend")
@staff_required(*FEE_STAFF)
def invoice_resend(invoice_id: int):
    return _act(lambda: invoicing.resend_invoice(invoice_id, current_staff(), request.form.get("email")),
                "已重新发送发票")
