"""Notices in the console: association staff write a notice, attach a PDF, publish it now or at a
Beijing time, and read on its page how many it reached on each channel."""
from __future__ import annotations

import re
from io import BytesIO

from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import ApplicationState as S
from server.clock import BEIJING
from server.dev.devserver import SANDBOX_SMS_TEMPLATE_IDS
from server.extensions import db
from server.messages.sender import backoff, send_due
from server.notices.models import Notice, NoticeState
from server.notices.services import publish_due
from tests.fixtures import samples
from tests.fixtures.staff import csrf_token

KARAMAY, URUMQI = "650200", "650100"


def form(batch: int, **changes) -> dict:
    return {"title": "第一期培训通知", "body": "12月10日10:00 线上培训，请准时参加。", "batch_id": str(batch),
            "states": ["paid"], "prefectures": [KARAMAY], **changes}


def only_notice() -> Notice:
    return db.session.scalars(select(Notice)).one()


def text(response) -> str:
    return response.get_data(as_text=True)


def number(html: str, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">(\d+)<', html)
    assert match, element_id
    return int(match.group(1))


def login(staff, console, role=StaffRole.association) -> None:
    staff("xiehui", role)
    console.login("xiehui")


def test_a_notice_to_paid_applicants_in_karamay_shows_what_reached_them(
        app, client, build, batch, staff, console, sandbox, clock):
    build.many([
        {"state": S.paid, "prefecture_code": KARAMAY}, {"state": S.paid, "prefecture_code": KARAMAY},
        {"state": S.paid, "prefecture_code": KARAMAY}, {"state": S.paid, "prefecture_code": URUMQI},
        {"state": S.approved, "prefecture_code": KARAMAY}])
    login(staff, console)
    created = console.post_form("/console/notices/new", form(batch))
    assert created.status_code == 302
    page = client.get(created.headers["Location"])
    assert "已缴费 · 克拉玛依市" in text(page) and "当前符合范围的申报人：<strong>3</strong> 人" in text(page)

    published = console.post_form(created.headers["Location"], {}, action=created.headers["Location"] + "/publish")
    page = text(client.get(published.headers["Location"]))
    assert "已发布给3位申报人" in page
    assert (number(page, "recipients"), number(page, "sent"), number(page, "pending"), number(page, "failed")) == (
        3, 0, 3, 0)

    sandbox.fail_next("/", times=1, status=500)  # the SMS provider fails once, for a while
    with app.app_context():
        send_due()  # nobody has WeChat, and a notice must reach them: by SMS
    page = text(client.get(published.headers["Location"]))
    assert (number(page, "sent"), number(page, "pending"), number(page, "failed")) == (2, 1, 0)
    row = re.search(r'<tr id="channel-sms"><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>', page)
    assert row and row.groups() == ("2", "1")
    clock.shift(backoff(1).total_seconds())
    with app.app_context():
        send_due()
    page = text(client.get(published.headers["Location"]))
    assert (number(page, "sent"), number(page, "pending"), number(page, "failed")) == (3, 0, 0)
    notices = [m for m in sandbox.sms_messages if m.template_id == SANDBOX_SMS_TEMPLATE_IDS["notice_posted"]]
    assert len(notices) == 3 and {m.params for m in notices} == {("第一期培训通知",)}


def test_a_pdf_is_attached_and_anything_else_refused_by_name(app, client, batch, staff, console):
    login(staff, console)
    page = console.post_form("/console/notices/new", form(batch)).headers["Location"]
    token = csrf_token(text(client.get(page)))
    attached = client.post(f"{page}/attachments", data={"csrf_token": token,
                                                        "file": (BytesIO(samples.pdf("考场安排")), "考场安排.pdf")})
    assert attached.status_code == 302
    refused = client.post(f"{page}/attachments", data={"csrf_token": token, "file": (BytesIO(samples.jpeg()), "考场.jpg")})
    assert refused.status_code == 422 and "通知附件须为 PDF 文件" in text(refused)
    with app.app_context():
        notice_id = only_notice().id
    html = text(client.get(page))
    link = re.search(rf'href="(/console/notices/{notice_id}/attachments/\d+)">考场安排.pdf</a>', html)
    assert link
    download = client.get(link.group(1))
    assert download.mimetype == "application/pdf" and download.data.startswith(b"%PDF")


def test_a_notice_scheduled_in_beijing_time_goes_out_with_the_scheduler(app, client, build, batch, staff, console,
                                                                       clock):
    build.paid(prefecture_code=KARAMAY)
    login(staff, console)
    page = console.post_form("/console/notices/new", form(batch)).headers["Location"]
    scheduled = console.post_form(page, {"publish_at": "2026-11-26T09:00"}, action=f"{page}/schedule")
    assert scheduled.status_code == 302
    with app.app_context():
        notice = only_notice()
        assert notice.state is NoticeState.scheduled
        assert notice.publish_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") == "2026-11-26 09:00"
        assert publish_due(notice.publish_at).published == [notice.id]
    assert number(text(client.get(page)), "recipients") == 1


def test_a_bad_form_names_each_field_and_keeps_the_input(app, batch, staff, console):
    login(staff, console)
    response = console.post_form("/console/notices/new", form(batch, title="", states=[], prefectures=["999999"]))
    html = text(response)
    assert response.status_code == 422
    assert "请填写通知标题" in html and "请至少选择一个申报状态" in html and "所在市州须为以下之一" in html
    assert "12月10日10:00 线上培训" in html
    with app.app_context():
        assert db.session.scalars(select(Notice)).all() == []


def test_a_published_notice_offers_no_edit_and_refuses_one(app, client, build, batch, staff, console):
    build.paid(prefecture_code=KARAMAY)
    login(staff, console)
    page = console.post_form("/console/notices/new", form(batch)).headers["Location"]
    console.post_form(page, {}, action=f"{page}/publish")
    html = text(client.get(page))
    assert "立即发布" not in html and "/withdraw" not in html and "/edit" not in html
    refused = console.post_form(f"{page}/edit", form(batch, title="改标题"))
    assert refused.status_code == 409 and "通知已发布，不能再修改或撤回" in text(refused)


def test_reviewers_do_not_reach_the_notices(client, staff, console):
    staff("reviewer", StaffRole.reviewer, KARAMAY)
    console.login("reviewer")
    assert client.get("/console/notices").status_code == 403
    assert "通知公告" not in text(client.get("/console/"))
