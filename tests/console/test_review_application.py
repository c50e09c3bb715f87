"""The application page: every field, files inline (audited), history, the diff since the last
rejection, approve / reject against the snapshot shown; who may see and who may decide."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from server.accounts.models import StaffRole
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.extensions import db
from server.review.models import ReviewDecision
from tests.fixtures.forms import pending, valid_id, withdraw_edit_resubmit
from tests.fixtures.staff import STAFF_PASSWORD, csrf_token

URUMQI, KARAMAY = "650100", "650200"


@pytest.fixture
def submitted(client, applicant):
    """A pending application of an Urumqi applicant (through the API)."""
    return pending(client, applicant, valid_id())


@pytest.fixture
def reviewer(staff, console):
    staff("rv_urumqi", StaffRole.reviewer, URUMQI)
    console.login("rv_urumqi")


def page_of(client, application_id: int) -> str:
    response = client.get(f"/console/review/{application_id}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to `action` (CSRF token, expected snapshot id)."""
    form = html[html.index(f'action="{action}"'):]
    form = form[:form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def audit_rows(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.execute(select(AuditEntry).where(AuditEntry.action == action)
                                       .order_by(AuditEntry.id)).scalars())


def file_ids(html: str) -> list[int]:
    return sorted({int(n) for n in re.findall(r'/console/files/(\d+)"', html)})


def test_a_reviewer_sees_every_field_and_the_files_inline(app, client, submitted, reviewer):
    html = page_of(client, submitted)
    for text in ("张三", valid_id(), "乌鲁木齐市", "高级工程师", "副高级", "新疆大学", "土木工程",
                 "A04 设计", "A0401 建筑工程", "A040101", "新疆某建筑设计研究院", "91310110076408176P",
                 "0991-8837428", "zhangsan@example.com", "13800138000", "一级注册建筑师", "新165060812345",
                 "1998年至今从事建筑设计工作。", "新增", "20年", "诚信承诺书", "第1次提交资料",
                 "申请和资格审查表（签字盖章扫描件）", "审核通过", "驳回"):
        assert text in html, text
    assert re.search(r'<img src="/console/files/\d+" alt="一寸免冠照"', html)
    assert "<iframe src=\"/console/files/" in html
    entry = audit_rows(app, "application.viewed")[-1]
    assert (entry.actor_kind, entry.subject_id) == ("staff", str(submitted))
    ids = file_ids(html)
    assert len(ids) == 8  # photo, 2 ID sides, title cert, education, cert proof, commitment, signed sheet
    photo = client.get(f"/console/files/{ids[0]}")
    assert photo.status_code == 200
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert photo.headers["Content-Disposition"].startswith("inline")
    assert "no-store" in photo.headers["Cache-Control"]
    pdf = client.get(f"/console/files/{ids[-1]}")
    assert pdf.mimetype == "application/pdf" and pdf.headers["Content-Disposition"].startswith("inline")
    viewed = audit_rows(app, "file.viewed")
    assert [e.subject_id for e in viewed] == [str(ids[0]), str(ids[-1])]
    assert all(e.actor_kind == "staff" and e.actor_id == entry.actor_id for e in viewed)


def test_a_reviewer_of_another_prefecture_gets_404_for_the_application_and_its_files(
        app, client, submitted, staff, console):
    staff("rv_urumqi", StaffRole.reviewer, URUMQI)
    staff("rv_karamay", StaffRole.reviewer, KARAMAY)
    console.login("rv_urumqi")
    ids = file_ids(page_of(client, submitted))
    other = app.test_client()
    token = csrf_token(other.get("/console/login").get_data(as_text=True))
    other.post("/console/login", data={"csrf_token": token, "username": "rv_karamay", "password": STAFF_PASSWORD})
    assert other.get(f"/console/review/{submitted}").status_code == 404
    assert "申请不存在" in other.get(f"/console/review/{submitted}").get_data(as_text=True)
    assert all(other.get(f"/console/files/{n}").status_code == 404 for n in ids)
    assert other.get("/console/review/99999").status_code == 404
    assert not list(audit_rows(app, "file.viewed"))


def test_association_staff_read_the_application_but_have_no_decision_forms(client, submitted, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    html = page_of(client, submitted)
    assert "张三" in html and "本页仅供查看" in html
    assert "/approve" not in html and 'name="mark:' not in html


def test_reject_with_a_field_mark_then_the_diff_then_approve(app, client, applicant, submitted, reviewer):
    html = page_of(client, submitted)
    hidden = form_fields(html, f"/console/review/{submitted}/reject")
    response = client.post(f"/console/review/{submitted}/reject", data={
        **hidden, "reasons": "毕业院校与学历证明不一致", "mark:basic.school": "1",
        "note:basic.school": "请按毕业证书填写"})
    assert response.status_code == 302
    html = page_of(client, submitted)
    assert "已驳回" in html and "毕业院校与学历证明不一致" in html and "请按毕业证书填写" in html
    with app.app_context():
        decision = db.session.execute(select(ReviewDecision)).scalar_one()
        assert decision.field_marks == {"basic.school": "请按毕业证书填写"}

    withdraw_edit_resubmit(client, applicant, {"basic": {"school": "新疆农业大学"}})
    html = page_of(client, submitted)
    changes = html[html.index("自上次驳回以来的修改"):html.index("基本信息")]
    assert "毕业院校" in changes and "新疆大学" in changes and "新疆农业大学" in changes
    assert re.search(r'<tr class="changed" id="field-basic.school">', html)
    assert "上次驳回标注：请按毕业证书填写" in html
    hidden = form_fields(html, f"/console/review/{submitted}/approve")
    assert client.post(f"/console/review/{submitted}/approve", data=hidden).status_code == 302
    html = page_of(client, submitted)
    with app.app_context():
        number = db.session.get(Application, submitted).expert_number
    assert number and f'<strong id="expert-number" class="mono">{number}</strong>' in html
    assert "审核通过" in html and "/approve" not in html


def test_a_decision_on_an_out_of_date_page_is_refused_with_a_clear_message(app, client, applicant, submitted,
                                                                            reviewer):
    stale = form_fields(page_of(client, submitted), f"/console/review/{submitted}/approve")
    # the applicant withdraws and submits again while the reviewer has the page open
    withdraw_edit_resubmit(client, applicant, {"basic": {"major": "建筑学"}})
    refused = client.post(f"/console/review/{submitted}/approve", data=stale)
    assert refused.status_code == 409
    assert "申请内容已更新，请刷新后重新审核" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ReviewDecision)).scalar_one() == 0


def test_two_reviewers_deciding_at_once_leave_exactly_one_decision(app, client, submitted, reviewer, staff):
    staff("rv_urumqi2", StaffRole.reviewer, URUMQI)
    second = app.test_client()
    token = csrf_token(second.get("/console/login").get_data(as_text=True))
    second.post("/console/login", data={"csrf_token": token, "username": "rv_urumqi2", "password": STAFF_PASSWORD})
    first_form = form_fields(page_of(client, submitted), f"/console/review/{submitted}/approve")
    second_html = second.get(f"/console/review/{submitted}").get_data(as_text=True)
    second_form = form_fields(second_html, f"/console/review/{submitted}/reject")
    assert client.post(f"/console/review/{submitted}/approve", data=first_form).status_code == 302
    late = second.post(f"/console/review/{submitted}/reject", data={**second_form, "reasons": "照片不清晰"})
    assert late.status_code == 409 and "已由其他审核员处理" in late.get_data(as_text=True)
    with app.app_context():
        decisions = db.session.execute(select(ReviewDecision)).scalars().all()
        assert [d.decision for d in decisions] == ["approved"]
        assert db.session.get(Application, submitted).state is ApplicationState.approved


def test_a_rejection_without_reasons_or_marks_keeps_the_page_and_says_why(client, submitted, reviewer):
    hidden = form_fields(page_of(client, submitted), f"/console/review/{submitted}/reject")
    response = client.post(f"/console/review/{submitted}/reject", data={**hidden, "reasons": "  "})
    assert response.status_code == 422
    assert "请填写驳回理由，或至少标注一个有问题的字段" in response.get_data(as_text=True)


def test_decision_forms_without_their_csrf_token_are_refused(app, client, submitted, reviewer):
    hidden = form_fields(page_of(client, submitted), f"/console/review/{submitted}/approve")
    response = client.post(f"/console/review/{submitted}/approve",
                           data={"expected_snapshot_id": hidden["expected_snapshot_id"]})
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, submitted).state is ApplicationState.pending_review


def test_a_reviewer_on_an_admin_page_gets_403(client, reviewer):
    assert client.get("/console/audit").status_code == 403
    assert client.get("/console/staff").status_code == 403


def test_bulk_approve_reports_the_skipped_ones_and_why(app, client, build, submitted, reviewer):
    other = build.rejected(name="李四", sequence=77)
    html = client.get("/console/review?state=all").get_data(as_text=True)
    boxes = re.findall(r'name="application_id" value="([^"]+)"', html)
    assert boxes == [f"{submitted}:{boxes[0].split(':')[1]}"]  # only the pending one can be ticked
    token = csrf_token(html)
    response = client.post("/console/review/bulk-approve", data={
        "csrf_token": token, "application_id": [boxes[0], f"{other}:99"], "back": "state=all"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/review?state=all")
    page = client.get("/console/review?state=all").get_data(as_text=True)
    assert "批量通过：已通过1份申请，1份未处理" in page
    assert f"申请{other}（李四）：该申请已由其他审核员处理（驳回）" in page
    with app.app_context():
        assert db.session.get(Application, submitted).state is ApplicationState.approved


def test_an_applicant_with_an_api_login_but_no_console_session_is_sent_to_the_login(client, applicant, submitted):
    for path in (f"/console/review/{submitted}", "/console/files/1", "/console/review", "/console/dashboard"):
        response = client.get(path, headers=applicant)
        assert response.status_code == 302 and "/console/login" in response.headers["Location"], path


def test_numbers_too_large_for_an_id_are_404_not_500(client, submitted, reviewer):
    for path in ("/console/review/99999999999999999999", "/console/files/99999999999999999999",
                 "/console/review/2147483648"):
        response = client.get(path)
        assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True), path


def test_bulk_approve_sends_back_to_the_queue_without_injected_headers(client, submitted, reviewer):
    token = csrf_token(client.get("/console/review").get_data(as_text=True))
    response = client.post("/console/review/bulk-approve", data={
        "csrf_token": token, "back": "state=all\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\r" not in location and "\n" not in location
    assert not [cookie for cookie in response.headers.getlist("Set-Cookie") if cookie.startswith("x=")]
    assert location.startswith("/console/review?state=all")
    assert "请先勾选要通过的申请" in client.get(location).get_data(as_text=True)


def test_bulk_approve_never_names_an_applicant_the_reviewer_may_not_see(client, build, submitted, reviewer):
    elsewhere = build.pending(name="克拉玛依申报人", prefecture_code="650200", sequence=78)
    token = csrf_token(client.get("/console/review").get_data(as_text=True))
    client.post("/console/review/bulk-approve", data={"csrf_token": token, "application_id": [f"{elsewhere}:1"]})
    page = client.get("/console/review").get_data(as_text=True)
    assert f"申请{elsewhere}" in page and "克拉玛依申报人" not in page


@pytest.mark.parametrize("role", [StaffRole.association, StaffRole.admin])
def test_only_the_reviewer_sees_the_full_id_number_others_see_it_masked(client, submitted, staff, console, role):
    staff("viewer", role)
    console.login("viewer")
    html = page_of(client, submitted)
    assert valid_id() not in html
    assert valid_id()[:6] + "********" + valid_id()[-4:] in html
    assert "/console/files/" not in html or role is StaffRole.admin
