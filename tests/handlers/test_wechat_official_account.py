"""/wechat/official-account over real HTTP, with the sandbox playing WeChat and the user: pushes
signed (and encrypted) as WeChat does, in every mode and format, our replies read back decrypted."""
from __future__ import annotations

import dataclasses
import threading
import time
from datetime import UTC, datetime

import pytest
import requests

from server import create_app
from server.handlers.wechat.official_account import set_message_handler
from server.outside import official_account_seen_store
from server.sandbox.wechat import message_crypto
from server.wechat.channels import OfficialAccountChannel
from server.wechat.official_account import HELP_TEXT, BaseMessageHandler, InboundMessage, RedisSeenStore
from tests.wechat.official_account import wechat_examples as ex

PATH = "/wechat/official-account"


class RecordingHandler(BaseMessageHandler):
    """Answers like a bot would, and notes every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str]] = []
        self.entered, self.release = threading.Event(), threading.Event()
        self.release.set()

    def on_text(self, message: InboundMessage) -> str | None:
        self.entered.set()
        self.release.wait(10)
        self.calls.append(("text", message.content, message.from_openid))
        return f"收到：{message.content}"

    def on_subscribe(self, message: InboundMessage, scene: str | None) -> str | None:
        self.calls.append(("subscribe", scene, message.from_openid))
        return f"欢迎关注（{scene or '无场景'}）"

    def on_scan(self, message: InboundMessage, scene: str | None) -> str | None:
        self.calls.append(("scan", scene, message.from_openid))
        return f"已扫码（{scene}）"

    def on_unsubscribe(self, message: InboundMessage) -> None:
        self.calls.append(("unsubscribe", None, message.from_openid))

    def on_click(self, message: InboundMessage, key: str) -> str | None:
        self.calls.append(("click", key, message.from_openid))
        return None


@pytest.fixture
def handler(app):
    recording = RecordingHandler()
    previous = set_message_handler(app, recording)
    yield recording
    set_message_handler(app, previous)


@pytest.fixture
def user(sandbox, live_server):
    """The sandbox's user side, pushing to our endpoint on the live server."""
    sandbox.set_official_account_url(live_server.url + PATH)
    yield sandbox.official_account
    sandbox.set_official_account_url(None)


MODES = [("safe", "xml"), ("safe", "json"), ("plain", "xml"), ("plain", "json")]


@pytest.mark.parametrize("mode, fmt", MODES)
def test_a_follow_by_qr_code_reaches_the_handler_with_the_scene_and_the_reply_comes_back(
        sandbox, user, handler, mode, fmt):
    openid = f"oNew-{mode}-{fmt}"
    push = user.subscribe(openid, scene="bind-7f3a", mode=mode, format=fmt)
    assert handler.calls == [("subscribe", "bind-7f3a", openid)]
    assert (push.status, push.error) == (200, None)
    assert push.reply_text == "欢迎关注（bind-7f3a）"
    if mode == "safe":
        assert "Encrypt" in push.body and "欢迎" not in push.body


def test_scanning_our_qr_code_follows_then_scans(sandbox, user, handler, official_account_client):
    code = OfficialAccountChannel(official_account_client).create_binding_qr("bind-42")
    openid = sandbox.context.wechat.new_follower_openid()
    first, second = user.scan_qr(openid, code.ticket), user.scan_qr(openid, code.ticket)
    assert [call[:2] for call in handler.calls] == [("subscribe", "bind-42"), ("scan", "bind-42")]
    assert (first.fields["EventKey"], first.fields["Ticket"]) == ("qrscene_bind-42", code.ticket)
    assert second.reply_text == "已扫码（bind-42）"


def test_a_text_is_answered(user, handler):
    push = user.text("oUserA", "进度")
    assert handler.calls == [("text", "进度", "oUserA")]
    assert push.reply_text == "收到：进度"


def test_the_same_msg_id_twice_calls_the_handler_once_and_repeats_its_reply(user, handler):
    first = user.text("oUserB", "缴费")
    again = user.redeliver(first)
    assert again.fields["MsgId"] == first.fields["MsgId"]
    assert handler.calls == [("text", "缴费", "oUserB")]
    assert again.reply_text == first.reply_text == "收到：缴费"


def test_a_retry_while_the_first_delivery_is_still_handled_says_nothing(user, handler):
    """WeChat redelivers after 5 s; the first delivery's handler may still be running then."""
    fields = {"MsgType": "text", "Content": "通知", "MsgId": 7_000_000_000_000_000_001}
    handler.release.clear()
    first: dict = {}
    thread = threading.Thread(target=lambda: first.setdefault("push", user.push("oUserC", fields)))
    thread.start()
    assert handler.entered.wait(10)
    retry = user.push("oUserC", fields)
    handler.release.set()
    thread.join(10)
    assert (retry.status, retry.body) == (200, "success")
    assert first["push"].reply_text == "收到：通知"
    assert handler.calls == [("text", "通知", "oUserC")]


def test_the_same_event_twice_is_handled_once(user, handler):
    first = user.subscribe("oUserD", scene="s1")
    user.redeliver(first)
    assert handler.calls == [("subscribe", "s1", "oUserD")]


def test_an_unsubscribe_reaches_the_handler_and_is_answered_with_success(user, handler):
    push = user.unsubscribe("oUserE")
    assert handler.calls == [("unsubscribe", None, "oUserE")]
    assert (push.status, push.body, push.reply) == (200, "success", None)


def test_a_menu_click_with_nothing_to_say_is_success(user, handler):
    push = user.click("oUserF", "progress", mode="plain", format="json")
    assert handler.calls == [("click", "progress", "oUserF")]
    assert push.body == "success"


def test_the_apps_handler_is_the_status_bot_which_answers_strangers_with_the_menu(user):
    assert user.text("oUserG", "你好").reply_text == HELP_TEXT
    assert user.subscribe("oUserH").reply_text.startswith(HELP_TEXT)


# -- refusals --------------------------------------------------------------------------------------

def _signed_args(sandbox, timestamp: str, nonce: str = "1") -> dict[str, str]:
    return {"timestamp": timestamp, "nonce": nonce,
            "signature": message_crypto.signature(sandbox.settings.oa_token, timestamp, nonce)}


def test_a_forged_signature_is_refused_with_403_and_logged(sandbox, live_server, handler, caplog):
    args = {**_signed_args(sandbox, str(int(time.time()))), "signature": "0" * 40}
    body = ("<xml><ToUserName>gh</ToUserName><FromUserName>oX</FromUserName><CreateTime>1</CreateTime>"
            "<MsgType>text</MsgType><Content>进度</Content><MsgId>1</MsgId></xml>")
    with caplog.at_level("WARNING"):
        answer = requests.post(live_server.url + PATH, params=args, data=body.encode(), timeout=5)
    assert answer.status_code == 403
    assert handler.calls == []
    assert "refused: signature does not match" in caplog.text


def test_a_push_signed_with_another_token_is_refused(sandbox, user, handler, monkeypatch):
    monkeypatch.setattr(sandbox.context, "settings",
                        dataclasses.replace(sandbox.settings, oa_token="not-our-token"))
    push = user.text("oUserI", "进度", mode="plain")
    assert push.status == 403 and push.error == "HTTP 403"
    assert handler.calls == []


def test_url_verification_answers_the_echostr_only_when_signed(sandbox, live_server):
    args = {**_signed_args(sandbox, str(int(time.time()))), "echostr": "4375120948345356249"}
    ok = requests.get(live_server.url + PATH, params=args, timeout=5)
    assert (ok.status_code, ok.text) == (200, "4375120948345356249")
    forged = requests.get(live_server.url + PATH, params={**args, "signature": "f" * 40}, timeout=5)
    assert forged.status_code == 403 and "4375120948345356249" not in forged.text


def test_garbage_signed_correctly_is_a_400_not_a_500(sandbox, client):
    answer = client.post(PATH, query_string=_signed_args(sandbox, str(int(time.time()))), data=b"<xml")
    assert answer.status_code == 400


def test_an_oversized_body_is_refused(sandbox, client):
    answer = client.post(PATH, query_string=_signed_args(sandbox, str(int(time.time()))),
                         data=b"<xml>" + b"x" * 70_000 + b"</xml>")
    assert answer.status_code == 413


def test_the_endpoint_needs_no_csrf_token(sandbox, client):
    """The console's CSRF protection would answer 400 before our handler; WeChat has no token."""
    answer = client.post(PATH, query_string=_signed_args(sandbox, str(int(time.time()))),
                         data=b"not xml", content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 400 and answer.text == "bad request"


def test_a_failing_handler_is_a_500_and_the_retry_handles_it_afresh(app, user):
    class Flaky(BaseMessageHandler):
        attempts = 0

        def on_text(self, message):
            Flaky.attempts += 1
            if Flaky.attempts == 1:
                raise RuntimeError("database away")
            return "第二次成功"

    previous = set_message_handler(app, Flaky())
    try:
        first = user.text("oUserJ", "进度")
        again = user.redeliver(first)
    finally:
        set_message_handler(app, previous)
    assert first.status == 500
    assert (again.status, again.reply_text, Flaky.attempts) == (200, "第二次成功", 2)


# -- WeChat's own example request, byte for byte -----------------------------------------------------

@pytest.fixture
def example_app(tmp_path):
    """An app configured with the token, key and appid of WeChat's published example."""
    return create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                       "WECHAT_OA_TOKEN": ex.TOKEN, "WECHAT_OA_APPID": ex.APPID,
                       "WECHAT_OA_ENCODING_AES_KEY": ex.ENCODING_AES_KEY, "REDIS_URL": None})


def test_wechats_example_url_verification_is_answered(example_app):
    answer = example_app.test_client().get(PATH, query_string=ex.VERIFY)
    assert (answer.status_code, answer.text) == (200, "4375120948345356249")


def test_wechats_example_safe_json_push_is_accepted(example_app, time_machine):
    time_machine.move_to(datetime.fromtimestamp(1714112445, UTC), tick=False)
    answer = example_app.test_client().post(PATH, query_string=ex.SAFE_ARGS, data=ex.SAFE_BODY,
                                            content_type="application/json")
    assert (answer.status_code, answer.text) == (200, "success")  # debug_demo: nothing to say


def test_wechats_example_replayed_a_day_later_is_refused(example_app):
    answer = example_app.test_client().post(PATH, query_string=ex.SAFE_ARGS, data=ex.SAFE_BODY)
    assert answer.status_code == 403


def test_without_a_token_configured_the_endpoint_is_not_there(tmp_path):
    bare = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'y.db'}",
                       "WECHAT_OA_TOKEN": ""})
    assert bare.test_client().get(PATH, query_string=ex.VERIFY).status_code == 404


def test_with_redis_configured_every_worker_shares_the_dedup_store(tmp_path, redis_url):
    shared = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'z.db'}",
                         "REDIS_URL": redis_url})
    with shared.app_context():
        assert isinstance(official_account_seen_store(), RedisSeenStore)
