"""The scheduler killed (SIGKILL) in the middle of sending: the other scheduler process takes the
lock, the messages the dead one had taken come free when its lease ends, and each person gets
the message once — also the one that was on the wire when the process died, because the official
account's template messages carry a `client_msg_id` that WeChat (and the sandbox) sends once.

Two real `python -m jobs` processes on the test database and the sandbox over HTTP; the sandbox
answers every template message late, so the kill lands while messages are still going out."""
from __future__ import annotations

import signal

from sqlalchemy import select

from server.accounts.models import Account
from server.clock import format_beijing, now
from server.dev.devserver import config_for_sandbox
from server.extensions import db
from server.messages import outbox
from server.messages.models import MessageState, OutboxMessage
from server.notices.messages import NOTICE_POSTED
from server.official_account import binding
from server.wechat.template_fields import wechat_time
from tests.fixtures.schedulers import holder, pid_of, start_scheduler, stop_all, until

TEMPLATE_SEND = "/cgi-bin/message/template/send"
PEOPLE = 6
LEASE_SECONDS = 3


def _queue_notice_for_followers(app, sandbox, make_account) -> dict[int, str]:
    """PEOPLE applicants who follow the official account, a notice message queued for each:
    account id → official-account openid."""
    followers: dict[int, str] = {}
    account_ids = [make_account() for _ in range(PEOPLE)]
    with app.app_context():
        for account_id in account_ids:
            account = db.session.get(Account, account_id)
            openid = sandbox.add_follower()
            binding.binding_code(account)
            binding.bind_by_scene(openid, sandbox.qr_codes[-1].scene)
            followers[account.id] = openid
        moment = now()
        context = {"notice_id": 1, "title": "第二批评标专家培训通知", "title_short": "第二批评标专家培训通知",
                   "batch_name": "2026年第二批", "published_at": format_beijing(moment),
                   "posted_at": wechat_time(moment), "page": "pages/notices/detail/index?id=1"}
        for account_id in followers:
            outbox.enqueue(account_id, NOTICE_POSTED, "notice:1", context)
        db.session.commit()
    return followers


def _states(app) -> list[str]:
    with app.app_context():
        states = [m.state.value for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        db.session.remove()
        return states


def test_a_scheduler_killed_while_sending_is_replaced_and_every_message_arrives_once(
        app, database_url, sandbox, make_account):
    followers = _queue_notice_for_followers(app, sandbox, make_account)
    sandbox.delay_next(TEMPLATE_SEND, 0.4, times=4 * PEOPLE)  # each template message answered late
    settings = {**config_for_sandbox(sandbox), "SECRET_KEY": app.config["SECRET_KEY"],
                "ID_NUMBER_KEY": app.config["ID_NUMBER_KEY"], "OUTBOX_LEASE_SECONDS": LEASE_SECONDS,
                "SCHEDULER_INTERVALS": {"send_messages": 1}}
    first, second = start_scheduler(database_url, settings), start_scheduler(database_url, settings)
    try:
        leader = until(lambda: holder(app), "one scheduler holds the lock")
        leading, waiting = (first, second) if pid_of(leader) == first.pid else (second, first)
        until(lambda: len(sandbox.recorder.wechat_messages) >= 2, "the leader has sent some of the messages")
        leading.send_signal(signal.SIGKILL)
        leading.wait(timeout=30)
        assert len(sandbox.recorder.wechat_messages) < PEOPLE, "the leader finished first: nothing was proven"
        assert "pending" in _states(app)
        until(lambda: holder(app) == leader.rsplit(":", 1)[0] + f":{waiting.pid}", "the other one took over")
        until(lambda: _states(app) == ["sent"] * PEOPLE, "the other one sent what the dead one left")
    finally:
        stop_all(first, second)
    sent = sandbox.recorder.wechat_messages
    assert sorted(message.touser for message in sent) == sorted(followers.values())  # each once
    assert all(message.template_id == "sbx-oa-notice" for message in sent)
    assert not sandbox.recorder.sms_messages  # nobody fell back to SMS either
    with app.app_context():
        assert {m.state for m in db.session.scalars(select(OutboxMessage))} == {MessageState.sent}
