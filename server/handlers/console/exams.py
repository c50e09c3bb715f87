"""Exam results (考试结果), association and admin staff: the template to fill in, the upload
(checked whole, reported row by row) and results one by one. The rules are in `server.exams`."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from server.accounts.models import StaffRole
from server.errors import DomainError
from server.exams import results
from server.exams.workbook import MAX_ROWS
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.handlers.documents import send_document

MANAGERS = (StaffRole.admin, StaffRole.association)
PASSED_CHOICES = {"yes": True, "no": False}


def _render(report: results.ResultsReport | None = None, error: DomainError | None = None, status: int = 200):
    return render_template("console/exams.html", report=report, error=error, max_rows=MAX_ROWS,
                           only_valid=request.form.get("only_valid") == "1",
                           form=request.form if error else {}), (error.status if error else status)


@bp.get("/exams")
@staff_required(*MANAGERS)
def exam_results():
    return _render()


@bp.get("/exams/template.xlsx")
@staff_required(*MANAGERS)
def exam_results_template():
    return send_document(results.export_template(current_staff()), "考试结果登记表.xlsx", "exam-results.xlsx")


@bp.post("/exams/upload")
@staff_required(*MANAGERS)
def upload_exam_results():
    upload = request.files.get("file")
    data, name = (upload.read(), upload.filename) if upload else (b"", None)
    try:
        report = results.import_results(data, name, current_staff(), request.form.get("only_valid") == "1")
    except DomainError as error:
        return _render(error=error)
    return _render(report, status=200 if report.applied else 422)


@bp.post("/exams/one")
@staff_required(*MANAGERS)
def record_exam_result():
    passed = PASSED_CHOICES.get(request.form.get("passed", ""))
    try:
        row = results.record_one(request.form.get("expert_number", ""), passed, request.form.get("score"),
                                 current_staff())
    except DomainError as error:
        return _render(error=error)
    if row.change == results.UNCHANGED:
        flash(f"{row.expert_number}（{row.name}）已登记为相同结果，未作更改")
    else:
        flash(f"已登记：{row.expert_number}（{row.name}）{row.label}，已通知本人")
    return redirect(url_for("console.exam_results"))
