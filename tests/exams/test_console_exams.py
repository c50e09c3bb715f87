"""Exam results in the console: the template of paid applicants, the upload reported row by row,
and one result at a time."""
from __future__ import annotations

import re
from io import BytesIO

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.models import AuditEntry
from server.extensions import db
from tests.fixtures.staff import csrf_token


def workbook(*rows) -> BytesIO:
    book = Workbook()
    book.active.append(["专家编号", "姓名", "成绩", "是否通过"])
    for row in rows:
        book.active.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def numbers(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(Application.name, Application.expert_number)).all())


def upload(client, data: BytesIO, **extra):
    token = csrf_token(client.get("/console/exams").get_data(as_text=True))
    return client.post("/console/exams/upload", data={"csrf_token": token, "file": (data, "成绩.xlsx"), **extra})


def test_a_file_with_an_unknown_number_is_reported_by_row_and_the_corrected_one_applied(
        app, client, build, staff, console):
    build.many([{"state": S.paid, "name": "张三"}, {"state": S.paid, "name": "李四"}])
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    number = numbers(app)
    refused = upload(client, workbook((number["张三"], "张三", 90, "是"), ("B009-650100-0001", "", 80, "是")))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "文件有误，未登记任何结果" in html
    row = re.search(r'<tr id="row-3" class="problem">(.*?)</tr>', html, re.S)
    assert row and "专家编号“B009-650100-0001”不存在，请核对" in row.group(1)

    applied = upload(client, workbook((number["张三"], "张三", 90, "是"), (number["李四"], "李四", 40, "否")))
    html = applied.get_data(as_text=True)
    assert applied.status_code == 200 and re.search(r"入库 <strong>1</strong> 人，未通过 <strong>1</strong> 人", html)
    with app.app_context():
        assert dict(db.session.execute(select(Application.name, Application.state)).all()) == {
            "张三": S.admitted, "李四": S.failed}


def test_the_template_lists_the_paid_applicants(app, client, build, staff, console):
    build.many([{"state": S.paid, "name": "张三"}, {"state": S.approved, "name": "赵六"}])
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    response = client.get("/console/exams/template.xlsx")
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows == [("专家编号", "姓名", "成绩", "是否通过"), (numbers(app)["张三"], "张三", None, None)]


def test_one_result_is_recorded_from_the_form(app, client, build, staff, console):
    build.paid(name="王五")
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    number = numbers(app)["王五"]
    recorded = console.post_form("/console/exams", {"expert_number": number, "score": "75", "passed": "yes"},
                                 action="/console/exams/one")
    assert recorded.status_code == 302
    assert f"已登记：{number}（王五）入库，已通知本人" in client.get("/console/exams").get_data(as_text=True)
    refused = console.post_form("/console/exams", {"expert_number": "B1", "score": "", "passed": ""},
                                action="/console/exams/one")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "请选择是否通过" in html


def test_reviewers_do_not_reach_the_results(client, staff, console):
    staff("reviewer", StaffRole.reviewer, "650100")
    console.login("reviewer")
    assert client.get("/console/exams").status_code == 403


def test_exporting_the_template_is_audited(app, client, build, staff, console):
    build.paid(name="张三")
    member_id = staff("xiehui", StaffRole.association)
    console.login("xiehui")
    client.get("/console/exams/template.xlsx")
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "exam.template_exported")).one()
        assert (entry.actor_id, entry.detail) == (member_id, {"count": 1})
