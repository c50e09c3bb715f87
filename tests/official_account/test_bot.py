"""The official account's bot over real HTTP: the sandbox plays the follower (signed, encrypted
pushes to our endpoint on the live server), our replies are read back decrypted."""
from __future__ import annotations

import pytest

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.contacts.services import ContactInput, add_contact
from server.extensions import db
from server.official_account import binding
from server.official_account.bot import ANSWERS, command_of
from server.wechat.menu import MENU_COMMANDS
from server.wechat.official_account import HELP_TEXT
from tests.fixtures.journey import id_number
from tests.fixtures.staff import staff_member

PATH = "/wechat/official-account"


@pytest.fixture
def user(sandbox, live_server):
    sandbox.set_official_account_url(live_server.url + PATH)
    yield sandbox.official_account
    sandbox.set_official_account_url(None)


@pytest.fixture
def bind(app, build, sandbox, user):
    """Follow the official account by the application's binding QR code; the welcome push."""

    def follow(application_id: int, openid: str):
        with app.app_context():
            binding.binding_code(build.owner(application_id))
        return user.scan_qr(openid, sandbox.qr_codes[-1].ticket)

    return follow


def test_following_by_the_binding_code_binds_and_the_welcome_says_the_state(app, build, bind):
    application_id = build.pending()
    welcome = bind(application_id, "oZhang")
    assert welcome.error is None
    assert welcome.fields["Event"] == "subscribe" and welcome.fields["EventKey"].startswith("qrscene_bind_")
    assert "绑定成功" in welcome.reply_text and "当前状态：待审核" in welcome.reply_text
    with app.app_context():
        assert binding.account_bound_to("oZhang").id == build.owner(application_id).id


def test_a_follower_scanning_the_code_is_bound_by_the_scan_event(app, build, sandbox, bind):
    sandbox.add_follower("oAlreadyFollows")
    push = bind(build.pending(), "oAlreadyFollows")
    assert push.fields["Event"] == "SCAN" and "绑定成功" in push.reply_text


def test_progress_answers_the_state_the_next_step_and_its_deadline(build, bind, user):
    bind(build.pending(), "oPending")
    reply = user.text("oPending", "进度").reply_text
    assert reply.splitlines()[1:] == ["当前状态：待审核",
                                      "下一步：等待所在地住房城乡建设主管部门审核（审核截止 2026年12月3日 18:30）"]


def test_an_approved_applicant_reads_the_expert_number_and_from_when_to_pay(build, bind, user):
    application_id = build.approved()
    bind(application_id, "oApproved")
    reply = user.text("oApproved", "状态").reply_text
    assert "当前状态：审核通过" in reply and "专家编号：B" in reply
    assert "审核通过5日后，即 11月30日 12:00 起可缴费" in reply


def test_payment_says_the_fee_and_from_when(build, bind, user):
    bind(build.approved(), "oPayer")
    reply = user.text("oPayer", "缴费").reply_text
    assert reply == "【缴费】培训费：350.00元\n审核通过5日后，即 11月30日 12:00 起可缴费。"


def test_payment_before_approval_says_approval_comes_first(build, bind, user):
    bind(build.pending(), "oEarly")
    assert user.text("oEarly", "缴费").reply_text == "【缴费】审核通过后才能缴费。您的申报当前为“待审核”。"


def test_a_rejected_applicant_is_told_to_withdraw_and_resubmit_but_not_the_reasons(build, bind, user):
    bind(build.rejected(reasons="职称证书不清晰"), "oRejected")
    reply = user.text("oRejected", "进度").reply_text
    assert "当前状态：已驳回" in reply and "撤回申请，修改后重新提交" in reply
    assert "职称证书不清晰" not in reply


def test_replies_carry_no_id_number_phone_or_name(app, build, bind, user):
    application_id = build.approved(name="王五")
    welcome = bind(application_id, "oPrivate")
    replies = [welcome.reply_text] + [user.text("oPrivate", word).reply_text for word in ("进度", "缴费", "咨询")]
    with app.app_context():
        application = db.session.get(Application, application_id)
        owner = build.owner(application_id)
        secrets = [id_number(build.accounts), owner.phone, "王五", application.email]
    for reply in replies:
        assert not [secret for secret in secrets if secret in reply], reply


def test_notices_tell_a_stranger_to_bind_and_a_bound_applicant_theirs(build, bind, user):
    assert user.text("oAnyone", "通知").reply_text == "绑定申报账号后，这里会列出发给您的培训、考试通知。"
    bind(build.pending(), "oBound")
    assert user.text("oBound", "通知").reply_text.startswith("暂无发给您的培训、考试通知")


def test_consultation_gives_the_hotlines_to_anybody(user):
    reply = user.text("oAnyone", "咨询").reply_text
    assert "缴费系统咨询电话：0991-8837428" in reply and "技术服务咨询热线：0991-8837410" in reply


def test_consultation_gives_the_applicants_prefecture_contacts_staff_keep(app, build, bind, user, staff):
    member = staff("xiehui", StaffRole.association)
    with app.app_context():
        add_contact(ContactInput(prefecture_code="650200", office="克拉玛依市住房和城乡建设局",
                                 phone="0990-6231234", hours=""), Actor.staff(staff_member(member)))
    bind(build.pending(prefecture_code="650200"), "oKaramay")
    reply = user.text("oKaramay", "咨询").reply_text
    assert "克拉玛依市政策咨询：" in reply and "0990-6231234" in reply


def test_anything_else_gets_the_menu(user):
    assert user.text("oAnyone", "你好").reply_text == HELP_TEXT


def test_an_unbound_follower_is_told_how_to_bind(user):
    reply = user.text("oStranger", "进度").reply_text
    assert "还没有绑定申报账号" in reply and "“我的”页面" in reply


def test_the_menus_buttons_answer_like_the_words(build, bind, user, clock):
    bind(build.pending(), "oClicker")
    assert user.click("oClicker", "progress").reply_text == user.text("oClicker", "进度").reply_text
    clock.shift(1)  # WeChat tells events apart by sender and CreateTime: a second click is a second later
    assert user.click("oClicker", "help").reply_text == HELP_TEXT


def test_leaving_unbinds_and_the_bot_forgets_them(app, build, bind, user):
    application_id = build.pending()
    bind(application_id, "oLeaver")
    user.unsubscribe("oLeaver")
    with app.app_context():
        assert binding.binding_of(build.owner(application_id).id) is None
    assert "还没有绑定申报账号" in user.text("oLeaver", "进度").reply_text


def test_an_expired_code_says_so_and_binds_nothing(app, build, sandbox, user, clock):
    application_id = build.pending()
    with app.app_context():
        binding.binding_code(build.owner(application_id))
    scene = sandbox.qr_codes[-1].scene
    clock.shift(601)
    push = user.subscribe("oTooLate", scene=scene)
    assert "二维码已失效" in push.reply_text
    with app.app_context():
        assert binding.account_bound_to("oTooLate") is None


def test_a_follower_whose_unionid_an_applicant_logged_in_with_is_bound_without_a_code(app, build, user):
    application_id = build.pending()
    with app.app_context():
        build.owner(application_id).wechat_unionid = "oUnion-zhang"
        db.session.commit()
    welcome = user.subscribe("oByUnionid", unionid="oUnion-zhang")
    assert "绑定成功" in welcome.reply_text and "待审核" in welcome.reply_text


def test_a_plain_follow_without_a_code_or_unionid_gets_the_menu_and_how_to_bind(user):
    reply = user.subscribe("oPlain").reply_text
    assert reply.startswith(HELP_TEXT) and "还没有绑定申报账号" in reply


@pytest.mark.parametrize("text, command", [
    ("进度", "progress"), (" 查询进度？", "progress"), ("状态", "progress"), ("缴费", "payment"),
    ("通知", "notices"), ("咨询", "consult"), ("帮助", "help"), ("缴费进度", "help"), ("", "help"),
])
def test_words_become_commands(text, command):
    assert command_of(text) == command


def test_every_menu_button_has_an_answer():
    assert set(ANSWERS) == set(MENU_COMMANDS)


def test_states_are_all_given_a_next_step():
    from server.official_account.replies import NEXT_STEPS

    assert set(NEXT_STEPS) == set(S)
