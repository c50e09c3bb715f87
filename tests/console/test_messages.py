"""消息记录: per message and per person — channel, attempts, result — and a resend, for the
association and admins; a permanently failing message shows as failed with its reasons."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.audit.models import AuditEntry
from server.extensions import db
from server.messages.models import MessageState, OutboxMessage
from server.messages.sender import send_due
from server.official_account import binding

TEMPLATE_SEND = "/cgi-bin/message/template/send"


@pytest.fixture
def association(staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")


def _rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr class="message" data-state="(\w+)" data-kind="(\w+)">', html)


def _fail_for_good(app, sandbox, build) -> int:
    """A rejected applicant bound to the official account; WeChat refuses the template, Tencent
    the SMS: the message fails. Its id."""
    application_id = build.rejected(reasons="请补充学历证明")
    with app.app_context():
        owner = build.owner(application_id)
        binding.binding_code(owner)
        binding.bind_by_scene(sandbox.add_follower(), sandbox.qr_codes[-1].scene)
        sandbox.fail_wechat_next(TEMPLATE_SEND, 40037)
        sandbox.fail_next("/", status=200, body={"Response": {"Error": {
            "Code": "FailedOperation.TemplateIncorrectOrUnapproved", "Message": "模板未审核"}, "RequestId": "r"}})
        assert send_due().failed == 1
        return db.session.execute(select(OutboxMessage.id)).scalar_one()


def test_reviewers_do_not_see_the_messages(client, staff, console):
    staff("rv_urumqi", StaffRole.reviewer, "650100")
    console.login("rv_urumqi")
    assert client.get("/console/messages").status_code == 403
    assert "消息记录" not in client.get("/console/").get_data(as_text=True)


def test_the_association_finds_the_page_in_the_navigation(client, association):
    assert 'href="/console/messages">消息记录' in client.get("/console/").get_data(as_text=True)


def test_a_permanently_failing_message_shows_failed_with_each_channels_reason(app, client, sandbox, build,
                                                                                association):
    message_id = _fail_for_good(app, sandbox, build)
    listing = client.get("/console/messages?state=failed").get_data(as_text=True)
    assert _rows(listing) == [("failed", "review_rejected")]
    assert "审核结果（驳回）" in listing and "发送失败" in listing and "模板 ID 不正确" in listing
    detail = client.get(f"/console/messages/{message_id}").get_data(as_text=True)
    attempts = re.findall(r'data-channel="(\w+)" data-outcome="(\w+)"', detail)
    assert attempts == [("template", "permanent"), ("sms", "permanent")]
    assert "公众号模板消息" in detail and "TemplateIncorrectOrUnapproved" in detail


def test_a_resend_queues_it_again_every_channel_is_tried_and_it_is_audited(app, client, sandbox, build, console,
                                                                           association, clock):
    message_id = _fail_for_good(app, sandbox, build)
    clock.shift(600)  # staff fixed the template in WeChat's console meanwhile
    detail_url = f"/console/messages/{message_id}"
    answer = console.post_form(detail_url, {}, action=f"{detail_url}/resend")
    assert answer.status_code == 302
    assert "已重新排入发送队列" in client.get(detail_url).get_data(as_text=True)
    with app.app_context():
        assert send_due().by_channel == {"template": 1}
        assert db.session.get(OutboxMessage, message_id).state is MessageState.sent
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "message.resent"))


def test_one_persons_messages_and_channels(app, client, sandbox, build, association):
    first, second = build.rejected(), build.approved()
    with app.app_context():
        owner = build.owner(first)
        username = owner.username
        binding.binding_code(owner)
        binding.bind_by_scene(sandbox.add_follower(), sandbox.qr_codes[-1].scene)
    page = client.get(f"/console/messages?person={username}").get_data(as_text=True)
    assert _rows(page) == [("pending", "review_rejected")]
    assert re.search(r'id="person-official-account">已关注<', page)
    assert "订阅：资格审核结果通知" in page and "未请求" in page
    with app.app_context():
        other = build.owner(second).id
    page = client.get(f"/console/messages?account={other}").get_data(as_text=True)
    assert _rows(page) == [("pending", "review_approved")] and re.search(r'id="person-official-account">未关注<', page)


def test_an_unknown_person_is_said_so_and_lists_nothing(client, build, association):
    build.rejected()
    page = client.get("/console/messages?person=nobody").get_data(as_text=True)
    assert "没有这个用户名或手机号的申报人" in page and _rows(page) == []


def test_an_unknown_message_is_a_404(client, association):
    assert client.get("/console/messages/999").status_code == 404
