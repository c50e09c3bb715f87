"""What the official account's bot answers to 通知: the person's latest notices, unread marked."""
from __future__ import annotations

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.notices import reading, services
from server.notices.services import NoticeInput
from tests.fixtures.journey import account
from tests.fixtures.staff import staff_member


def test_the_bot_lists_the_latest_notices_newest_first_with_unread_marked(app, build, batch, make_staff, clock):
    owner = build.owner_id(build.paid())
    member_id = make_staff(StaffRole.association)
    with app.app_context():
        actor = Actor.staff(staff_member(member_id))
        ids = []
        for title in ("第一期培训通知", "考试安排"):
            ids.append(services.publish_now(services.create_notice(
                NoticeInput(title, "正文", batch, ("paid",)), actor).id, actor).id)
            clock.shift(86400)
        reading.mark_read(owner, ids[0])
        assert [n.title for n in reading.latest_notices(account(owner), limit=1)] == ["考试安排"]
        assert reading.notices_reply(account(owner)) == (
            "您的最新通知：\n1. 【未读】考试安排（11月26日）\n2. 第一期培训通知（11月25日）\n"
            "请在“评标专家申报”小程序的“通知公告”中查看全文和附件。")


def test_the_bot_says_when_there_is_no_notice(app, make_account):
    with app.app_context():
        assert reading.notices_reply(account(make_account())).startswith("暂无发给您的培训、考试通知")
