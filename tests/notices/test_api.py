"""The mini-program's notices: the ones addressed to me, newest first, with unread markers that go
when I open one; the full text and its PDFs; other people's notices are not found."""
from __future__ import annotations

from datetime import timedelta

import pytest

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.applications.models import ApplicationState as S
from server.clock import now
from server.notices import attachments, services
from server.notices.services import NoticeInput
from tests.fixtures import samples
from tests.fixtures.staff import staff_member

NOTICES = "/api/v1/notices"


@pytest.fixture
def post(app, make_staff, batch):
    """Publish a notice to the paid applicants of 乌鲁木齐市 (with an optional PDF); its id."""
    member_id = make_staff(StaffRole.association)

    def publish(title: str, pdf: bytes | None = None, states: tuple[str, ...] = ("paid",)) -> int:
        with app.app_context():
            actor = Actor.staff(staff_member(member_id))
            notice = services.create_notice(NoticeInput(title, f"{title}：请按时参加。\n地点另行通知。", batch, states,
                                                        ("650100",)), actor)
            if pdf:
                attachments.add_attachment(notice.id, "日程安排.pdf", pdf, actor)
            return services.publish_now(notice.id, actor).id

    return publish


def test_my_notices_come_newest_first_with_unread_markers(client, build, post, clock):
    me = build.bearer(build.paid())
    first = post("培训通知", samples.pdf("日程"))
    clock.shift(3600)
    second = post("考试通知")
    body = client.get(NOTICES, headers=me).json
    assert body["unread"] == 2
    assert [(n["id"], n["title"], n["read"], n["attachment_count"]) for n in body["notices"]] == [
        (second, "考试通知", False, 0), (first, "培训通知", False, 1)]
    assert body["notices"][0]["published_at"].endswith("+08:00")


def test_opening_a_notice_shows_it_whole_and_reading_it_clears_its_marker(client, build, post):
    me = build.bearer(build.paid())
    notice_id = post("培训通知", samples.pdf("日程"))
    notice = client.get(f"{NOTICES}/{notice_id}", headers=me).json
    assert notice["body"] == "培训通知：请按时参加。\n地点另行通知。" and notice["read"] is False
    [attachment] = notice["attachments"]
    assert (attachment["name"], attachment["pages"]) == ("日程安排.pdf", 1)
    assert client.post(f"{NOTICES}/{notice_id}/read", headers=me).status_code == 204
    assert client.post(f"{NOTICES}/{notice_id}/read", headers=me).status_code == 204
    assert client.get(NOTICES, headers=me).json["unread"] == 0
    pdf = client.get(f"{NOTICES}/{notice_id}/attachments/{attachment['id']}", headers=me)
    assert (pdf.status_code, pdf.mimetype, pdf.data) == (200, "application/pdf", samples.pdf("日程"))
    assert pdf.headers["Cache-Control"] == "private, no-store"


def test_a_notice_not_addressed_to_me_is_not_found(client, build, post):
    build.paid()
    stranger = build.bearer(build.approved())  # approved, not paid: not in the audience
    notice_id = post("培训通知", samples.pdf("日程"))
    assert client.get(NOTICES, headers=stranger).json == {"notices": [], "unread": 0}
    for response in (client.get(f"{NOTICES}/{notice_id}", headers=stranger),
                     client.post(f"{NOTICES}/{notice_id}/read", headers=stranger),
                     client.get(f"{NOTICES}/{notice_id}/attachments/1", headers=stranger)):
        assert (response.status_code, response.json["message"]) == (404, "通知不存在")


def test_a_notice_that_has_not_gone_out_is_not_shown(app, client, build, batch, make_staff):
    me = build.bearer(build.paid())
    member_id = make_staff(StaffRole.association)
    with app.app_context():
        actor = Actor.staff(staff_member(member_id))
        draft = services.create_notice(NoticeInput("草稿", "正文", batch, (S.paid.value,)), actor).id
        services.schedule(draft, now() + timedelta(hours=1), actor)
    assert client.get(NOTICES, headers=me).json["notices"] == []
    assert client.get(f"{NOTICES}/{draft}", headers=me).status_code == 404


def test_notices_need_a_login(client):
    assert client.get(NOTICES).status_code == 401
