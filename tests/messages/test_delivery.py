"""The sender through the applicant's channels, against the sandbox over real HTTP: a subscribe
message when a grant is held, a template message when the official account is bound, SMS for
what must not be missed otherwise; permanent failures fall through, outages wait, nothing twice."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from server.accounts.models import Account
from server.clock import BEIJING, now
from server.dev.devserver import SANDBOX_OA_TEMPLATE_IDS as OA_IDS
from server.dev.devserver import SANDBOX_SMS_TEMPLATE_IDS as SMS_IDS
from server.dev.devserver import SANDBOX_SUBSCRIBE_TEMPLATE_IDS as SUBSCRIBE_IDS
from server.extensions import db
from server.messages.models import DeliveryAttempt, MessageState, OutboxMessage
from server.messages.sender import NO_CHANNEL, backoff, send_due
from server.official_account import binding
from server.reminders import services as reminders
from server.subscriptions import services as grants

SUBSCRIBE_SEND, TEMPLATE_SEND = "/cgi-bin/message/subscribe/send", "/cgi-bin/message/template/send"
REVIEW_TEMPLATE = SUBSCRIBE_IDS["review_result"]


def _messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def _attempts() -> list[tuple[str, str]]:
    return [(a.channel, a.outcome) for a in db.session.execute(
        select(DeliveryAttempt).order_by(DeliveryAttempt.id)).scalars()]


def grant_subscription(sandbox, account: Account, template_id: str = REVIEW_TEMPLATE, *, at_wechat: bool = True) -> None:
    """The applicant accepted wx.requestSubscribeMessage: WeChat holds the grant, and so do we."""
    account.wechat_openid = account.wechat_openid or sandbox.mint_login_code().openid  # logged in by WeChat
    db.session.commit()
    if at_wechat:
        sandbox.grant_subscribe_message(account.wechat_openid, template_id)
    grants.record_answers(account.id, {template_id: "accept"})


def follow(sandbox, account: Account) -> str:
    """The applicant scanned the profile's binding QR code with WeChat."""
    openid = sandbox.add_follower()
    binding.binding_code(account)
    binding.bind_by_scene(openid, sandbox.qr_codes[-1].scene)
    return openid


@pytest.fixture
def rejected(app_context, build) -> Account:
    """A rejected applicant whose rejection message waits in the outbox."""
    return build.owner(build.rejected(reasons="职称证书不清晰，请重新上传"))


@pytest.fixture
def approved(app_context, build) -> Account:
    return build.owner(build.approved())


# -- the three channels ------------------------------------------------------------------------

def test_a_rejection_goes_by_subscribe_message_when_a_grant_is_held_and_the_grant_is_spent(sandbox, rejected):
    grant_subscription(sandbox, rejected)
    report = send_due()
    assert report.by_channel == {"subscribe": 1}
    [sent] = sandbox.subscribe_messages
    assert (sent.touser, sent.template_id, sent.page) == (rejected.wechat_openid, REVIEW_TEMPLATE,
                                                          "pages/application/index")
    assert sent.data["phrase2"] == "已驳回" and sent.data["thing3"] == "职称证书不清晰，请重新上传"
    assert grants.holds(rejected.id, REVIEW_TEMPLATE) is False
    assert sandbox.template_messages == [] and sandbox.sms_messages == []


def test_a_rejection_goes_by_template_message_when_the_official_account_is_bound(sandbox, rejected):
    openid = follow(sandbox, rejected)
    assert send_due().by_channel == {"template": 1}
    [sent] = sandbox.template_messages
    [message] = _messages()
    assert (sent.touser, sent.template_id, sent.client_msg_id) == (openid, OA_IDS["review_result"],
                                                                   f"outbox-{message.id}")
    assert sent.miniprogram["pagepath"] == "pages/application/index"
    assert sent.data["time5"] == "2026年12月2日 18:30"


def test_a_rejection_goes_by_sms_when_no_wechat_channel_reaches_the_applicant(sandbox, rejected):
    assert send_due().by_channel == {"sms": 1}
    [sms] = sandbox.sms_messages
    assert (sms.phone, sms.template_id, sms.params) == ("+86" + rejected.phone, SMS_IDS["review_rejected"],
                                                       ("12月2日18:30",))
    assert sandbox.sms_text(sms) == ("您的评标专家申报未通过资格审核，请登录“评标专家申报”小程序查看驳回理由，"
                                     "修改后于12月2日18:30前重新提交。")
    [message] = _messages()
    assert (message.state, message.sent_channel) == (MessageState.sent, "sms")


def test_an_approval_nothing_reaches_is_failed_for_staff_and_no_sms_is_sent(sandbox, approved):
    assert send_due().failed == 1
    [message] = _messages()
    assert (message.state, message.last_error) == (MessageState.failed, NO_CHANNEL)
    assert sandbox.sms_messages == []


def test_a_held_grant_goes_first_then_the_official_account(sandbox, approved):
    grant_subscription(sandbox, approved)
    follow(sandbox, approved)
    assert send_due().by_channel == {"subscribe": 1}
    assert sandbox.template_messages == []


@pytest.mark.parametrize("channel", ["subscribe", "template", "sms"])
def test_running_the_sender_twice_sends_nothing_twice(sandbox, rejected, channel):
    if channel == "subscribe":
        grant_subscription(sandbox, rejected)
    elif channel == "template":
        follow(sandbox, rejected)
    assert send_due().sent == 1
    assert send_due().sent == 0
    assert len(sandbox.subscribe_messages) + len(sandbox.template_messages) + len(sandbox.sms_messages) == 1


# -- permanent failures fall through -----------------------------------------------------------

def test_wechat_holding_no_grant_drops_ours_and_the_template_message_goes_instead(sandbox, rejected):
    grant_subscription(sandbox, rejected, at_wechat=False)  # withdrawn in WeChat's settings since
    follow(sandbox, rejected)
    assert send_due().by_channel == {"template": 1}
    assert _attempts() == [("subscribe", "permanent"), ("template", "sent")]
    assert grants.holds(rejected.id, REVIEW_TEMPLATE) is False
    assert "43101" in db.session.scalar(select(DeliveryAttempt.detail).where(DeliveryAttempt.channel == "subscribe"))


def test_a_template_wechat_refuses_falls_through_to_sms_for_a_rejection(sandbox, rejected):
    follow(sandbox, rejected)
    sandbox.fail_wechat_next(TEMPLATE_SEND, 40037)
    assert send_due().by_channel == {"sms": 1}
    assert _attempts() == [("template", "permanent"), ("sms", "sent")]


def test_a_channel_that_failed_for_good_is_not_tried_again_for_that_message(sandbox, approved, clock):
    follow(sandbox, approved)
    grant_subscription(sandbox, approved)
    sandbox.fail_wechat_next(SUBSCRIBE_SEND, 40037)
    sandbox.fail_next(TEMPLATE_SEND, status=502)
    assert send_due().retrying == 1
    assert grants.holds(approved.id, REVIEW_TEMPLATE) is True  # WeChat did not count a refused message
    clock.shift(backoff(1).total_seconds())
    assert send_due().by_channel == {"template": 1}
    assert [channel for channel, _ in _attempts()] == ["subscribe", "template", "template"]


def test_a_permanently_failing_message_ends_failed_with_the_reasons(sandbox, rejected):
    follow(sandbox, rejected)
    sandbox.fail_wechat_next(TEMPLATE_SEND, 40037)
    sandbox.fail_next("/", status=200, body={"Response": {"Error": {
        "Code": "FailedOperation.TemplateIncorrectOrUnapproved", "Message": "x"}, "RequestId": "r"}})
    assert send_due().failed == 1
    [message] = _messages()
    assert message.state is MessageState.failed
    assert "模板 ID 不正确" in message.last_error and "TemplateIncorrectOrUnapproved" in message.last_error


def _attempts_by_message() -> dict[int, list[tuple[str, str]]]:
    by_message: dict[int, list[tuple[str, str]]] = {}
    for attempt in db.session.execute(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).scalars():
        by_message.setdefault(attempt.message_id, []).append((attempt.channel, attempt.outcome))
    return by_message


def test_one_round_records_each_message_of_the_batch_by_its_own_outcome(sandbox, build, app_context, clock):
    waiting, refused, reached = (build.approved(), build.rejected(), build.rejected())
    waiting, refused, reached = (build.owner(application) for application in (waiting, refused, reached))
    follow(sandbox, waiting)
    sandbox.fail_next(TEMPLATE_SEND, status=502)  # the official account is down for a moment
    sandbox.fail_next("/", status=200, body={"Response": {"Error": {  # Tencent refuses the template for good
        "Code": "FailedOperation.TemplateIncorrectOrUnapproved", "Message": "x"}, "RequestId": "r"}})
    grant_subscription(sandbox, reached)
    report = send_due()
    assert (report.sent, report.retrying, report.failed) == (1, 1, 1)
    rows = {m.account_id: m for m in _messages()}
    attempts = _attempts_by_message()
    assert attempts[rows[waiting.id].id] == [("template", "temporary")]
    assert attempts[rows[refused.id].id] == [("sms", "permanent")]
    assert attempts[rows[reached.id].id] == [("subscribe", "sent")]
    assert (rows[waiting.id].state, rows[waiting.id].next_attempt_at) == (MessageState.pending, now() + backoff(1))
    assert rows[refused.id].state is MessageState.failed and "TemplateIncorrectOrUnapproved" in rows[refused.id].last_error
    assert (rows[reached.id].state, rows[reached.id].sent_channel) == (MessageState.sent, "subscribe")
    assert {m.attempts for m in rows.values()} == {1} and {m.claimed_until for m in rows.values()} == {None}
    clock.shift(backoff(1).total_seconds())
    assert send_due().by_channel == {"template": 1}
    assert len(sandbox.template_messages) == len(sandbox.subscribe_messages) == 1 and sandbox.sms_messages == []


# -- outages: messages wait and go out once after recovery -------------------------------------

def test_an_sms_outage_keeps_every_message_waiting_and_each_goes_out_once_after_it(sandbox, build, app_context, clock):
    build.rejected()
    build.rejected()
    build.rejected()
    sandbox.fail_next("/", times=3, status=503)
    assert send_due().retrying == 3 and sandbox.sms_messages == []
    assert all(m.state is MessageState.pending for m in _messages())
    clock.shift(backoff(1).total_seconds())
    assert send_due().by_channel == {"sms": 3}
    assert send_due().sent == 0
    assert sorted(m.phone for m in sandbox.sms_messages) == sorted({m.phone for m in sandbox.sms_messages})


def test_a_wechat_outage_of_several_rounds_delays_the_message_without_losing_it(sandbox, approved, clock):
    follow(sandbox, approved)
    sandbox.fail_next(TEMPLATE_SEND, times=3, status=500)
    for round_number in (1, 2, 3):
        assert send_due().retrying == 1
        clock.shift(backoff(round_number).total_seconds())
    assert send_due().by_channel == {"template": 1}
    assert len(sandbox.template_messages) == 1


def test_a_subscribe_message_lost_in_an_outage_keeps_its_grant_for_the_retry(sandbox, approved, clock):
    grant_subscription(sandbox, approved)
    sandbox.fail_next(SUBSCRIBE_SEND, status=502)
    assert send_due().retrying == 1
    assert grants.holds(approved.id, REVIEW_TEMPLATE) is True
    clock.shift(backoff(1).total_seconds())
    assert send_due().by_channel == {"subscribe": 1}
    assert grants.holds(approved.id, REVIEW_TEMPLATE) is False


def test_a_wechat_that_times_out_gets_the_message_once_after_recovery(sandbox, impatient_app, build, clock):
    with build.app.app_context():
        follow(sandbox, build.owner(build.approved()))
    with impatient_app.app_context():
        sandbox.delay_next(TEMPLATE_SEND, 30)
        assert send_due().retrying == 1
        assert "超时" in db.session.scalar(select(OutboxMessage.last_error))
        sandbox.faults.clear()  # WeChat recovers: the delayed request ends, perhaps delivered after all
        clock.shift(backoff(1).total_seconds())
        assert send_due().by_channel == {"template": 1}
    assert len(sandbox.template_messages) == 1  # the same client_msg_id: WeChat sends it once


# -- the scheduler's kinds go the same ways -----------------------------------------------------

def test_you_may_pay_now_goes_by_the_payment_subscription_asked_for_at_approval(sandbox, approved, clock):
    grant_subscription(sandbox, approved, SUBSCRIBE_IDS["payment"])
    clock.shift(timedelta(days=5).total_seconds())
    reminders.queue_payment_open(now())
    send_due()
    [sent] = [m for m in sandbox.subscribe_messages if m.template_id == SUBSCRIBE_IDS["payment"]]
    assert sent.data == {"thing1": "评标专家培训费", "amount2": "350.00元", "time3": "2026年12月4日 18:30",
                         "thing4": "现在可以在小程序中缴费"}


def test_a_deadline_reminder_goes_by_sms_to_someone_wechat_cannot_reach(sandbox, app_context, build, clock):
    build.draft()
    clock.move_to(datetime(2026, 12, 1, 10, 30, tzinfo=BEIJING))
    reminders.queue_reminders(now())
    assert send_due().by_channel == {"sms": 1}
    [sms] = sandbox.sms_messages
    assert (sms.template_id, sms.params) == (SMS_IDS["reminder_submit_info"], ("12月02日 18:30",))
    assert sandbox.sms_text(sms) == "您的评标专家申报资料尚未提交，报名将于12月02日 18:30截止，请在截止前登录小程序完成填写并提交。"
