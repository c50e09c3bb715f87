"""The channels against the sandbox over real HTTP: what WeChat receives, and every failure sorted
into temporary or permanent."""
from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from server.wechat import make_wechat_client
from server.wechat.channels import (
    BindingQrCode,
    MiniProgramLink,
    OfficialAccountChannel,
    SubscribeMessage,
    SubscribeMessageChannel,
    TemplateMessage,
)
from server.wechat.failures import PermanentFailure, TemporaryFailure
from server.wechat.menu import load_menu

SUBSCRIBE = "/cgi-bin/message/subscribe/send"
TEMPLATE = "/cgi-bin/message/template/send"
TEMPLATE_ID = "tmpl-review-result"
RESULT = {"thing1": "资格审核结果", "phrase2": "已通过", "time3": "2024年12月3日 18:30"}


@pytest.fixture
def subscribe(wechat_client) -> SubscribeMessageChannel:
    return SubscribeMessageChannel(wechat_client, miniprogram_state="developer")


@pytest.fixture
def official(official_account_client) -> OfficialAccountChannel:
    return OfficialAccountChannel(official_account_client)


def _message(openid: str, **changes) -> SubscribeMessage:
    return SubscribeMessage(**{"touser": openid, "template_id": TEMPLATE_ID, "data": RESULT,
                               "page": "pages/application/index", **changes})


@pytest.fixture
def granted(sandbox) -> str:
    """A mini-program user who accepted one message of TEMPLATE_ID."""
    openid = sandbox.mint_login_code().openid
    sandbox.grant_subscribe_message(openid, TEMPLATE_ID)
    return openid


# -- subscribe messages -------------------------------------------------------------------------

def test_a_subscribe_message_reaches_wechat_as_sent(sandbox, subscribe, granted):
    subscribe.send(_message(granted))
    [sent] = sandbox.subscribe_messages
    assert (sent.touser, sent.template_id, sent.data, sent.page, sent.miniprogram_state, sent.lang) == (
        granted, TEMPLATE_ID, RESULT, "pages/application/index", "developer", "zh_CN")


def test_one_grant_allows_one_message_the_next_is_refused_permanently(sandbox, subscribe, granted):
    subscribe.send(_message(granted))
    with pytest.raises(PermanentFailure) as refused:
        subscribe.send(_message(granted))
    assert refused.value.errcode == 43101 and "拒绝" in refused.value.reason
    assert len(sandbox.subscribe_messages) == 1


def test_a_thing_of_21_characters_is_refused_before_any_call(sandbox, subscribe, granted):
    with pytest.raises(PermanentFailure) as refused:
        subscribe.send(_message(granted, data={**RESULT, "thing1": "审" * 21}))
    assert refused.value.errcode is None
    assert "thing1" in refused.value.reason and "20个以内字符" in refused.value.reason
    assert sandbox.calls() == []  # not even a token was fetched


def test_an_empty_template_id_or_openid_is_refused_before_the_call(sandbox, subscribe):
    with pytest.raises(PermanentFailure) as refused:
        subscribe.send(SubscribeMessage(touser="", template_id="", data=RESULT))
    assert "openid 不能为空" in refused.value.reason and "模板 ID 不能为空" in refused.value.reason
    assert sandbox.calls() == []


@pytest.mark.parametrize("errcode, failure", [
    (43101, PermanentFailure), (40037, PermanentFailure), (40003, PermanentFailure),
    (45009, TemporaryFailure), (-1, TemporaryFailure),
])
def test_wechats_errcodes_become_the_right_failure(sandbox, subscribe, granted, errcode, failure):
    sandbox.fail_wechat_next(SUBSCRIBE, errcode)
    with pytest.raises(failure) as caught:
        subscribe.send(_message(granted))
    assert caught.value.errcode == errcode
    assert sandbox.subscribe_messages == []
    subscribe.send(_message(granted))  # the grant was not spent by the failed attempt
    assert len(sandbox.subscribe_messages) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_5xx_is_temporary(sandbox, subscribe, granted, status):
    sandbox.fail_next(SUBSCRIBE, status=status)
    with pytest.raises(TemporaryFailure) as caught:
        subscribe.send(_message(granted))
    assert caught.value.errcode is None


def test_a_wechat_that_does_not_answer_in_time_is_temporary(sandbox, granted):
    client = make_wechat_client(sandbox.settings.wechat_appid, sandbox.settings.wechat_secret,
                                api_base_url=sandbox.wechat_api_base_url, redis_url=None, timeout=0.3)
    channel = SubscribeMessageChannel(client)
    _ = client.access_token  # fetched first, so only the send itself is delayed
    sandbox.delay_next(SUBSCRIBE, 30)  # far beyond the timeout: only the timeout can end the call
    with pytest.raises(TemporaryFailure, match="超时"):
        channel.send(_message(granted))
    assert sandbox.subscribe_messages == []
    sandbox.faults.clear()
    client._http.close()


def test_garbage_from_wechat_is_temporary(sandbox, subscribe, granted):
    sandbox.fail_next(SUBSCRIBE, status=200)  # a 200 whose body is not JSON
    with pytest.raises(TemporaryFailure, match="无法识别"):
        subscribe.send(_message(granted))


def test_the_official_accounts_token_does_not_send_subscribe_messages(sandbox, official_account_client, granted):
    channel = SubscribeMessageChannel(official_account_client)
    with pytest.raises(TemporaryFailure) as caught:  # 40001 even after the client's one retry
        channel.send(_message(granted))
    assert caught.value.errcode == 40001


def test_the_channel_knows_wechats_choices():
    with pytest.raises(ValueError):
        SubscribeMessageChannel(None, miniprogram_state="production")
    with pytest.raises(ValueError):
        SubscribeMessageChannel(None, lang="ug_CN")


# -- template messages ------------------------------------------------------------------------

def _template(openid: str, **changes) -> TemplateMessage:
    return TemplateMessage(**{"touser": openid, "template_id": "oa-tmpl-1",
                              "data": {"thing1": "评标专家资格审核", "phrase2": "已通过"}, **changes})


def test_a_template_message_to_a_follower_is_sent_with_its_mini_program_link(sandbox, official):
    follower = sandbox.add_follower()
    msgid = official.send_template(_template(follower, miniprogram=MiniProgramLink(
        sandbox.settings.wechat_appid, "pages/application/index")))
    [sent] = sandbox.template_messages
    assert (sent.touser, sent.template_id, sent.msgid, sent.data["phrase2"]) == (follower, "oa-tmpl-1", msgid, "已通过")
    assert sent.miniprogram == {"appid": sandbox.settings.wechat_appid, "pagepath": "pages/application/index"}


def test_someone_who_does_not_follow_gets_no_template_message(sandbox, official):
    with pytest.raises(PermanentFailure) as refused:
        official.send_template(_template("oNotAFollower", url="https://example.org/"))
    assert refused.value.errcode == 43004


def test_the_same_client_msg_id_goes_out_once(sandbox, official):
    follower = sandbox.add_follower()
    message = _template(follower, client_msg_id="outbox-17")
    first = official.send_template(message)
    assert official.send_template(message) == first
    assert len(sandbox.template_messages) == 1


def test_template_values_breaking_typed_limits_are_refused_before_the_call(sandbox, official):
    with pytest.raises(PermanentFailure, match="phrase2"):
        official.send_template(_template("o", data={"phrase2": "审核已经通过"}))
    assert sandbox.calls() == []


# -- followers ----------------------------------------------------------------------------------

def test_a_followers_unionid_comes_from_user_info_when_wechat_gives_one(sandbox, official):
    linked, plain = sandbox.add_follower(unionid="oUnion-42"), sandbox.add_follower()
    assert official.follower_unionid(linked) == "oUnion-42"
    assert official.follower_unionid(plain) is None
    assert official.follower_unionid("oGoneAway") is None  # subscribe: 0


def test_user_info_that_fails_is_a_delivery_failure(sandbox, official):
    sandbox.fail_next("/cgi-bin/user/info", status=502)
    with pytest.raises(TemporaryFailure):
        official.follower_unionid(sandbox.add_follower(unionid="oUnion-7"))


# -- binding QR codes ---------------------------------------------------------------------------

def test_a_binding_qr_code_has_a_ticket_the_sandbox_knows_and_an_image(sandbox, official):
    code = official.create_binding_qr("bind-3f9c", expire_seconds=600)
    assert isinstance(code, BindingQrCode) and code.expire_seconds == 600
    [created] = sandbox.qr_codes
    assert (created.ticket, created.scene, created.action_name) == (code.ticket, "bind-3f9c", "QR_STR_SCENE")
    assert code.image_url.startswith(sandbox.base_url + "cgi-bin/showqrcode?ticket=")
    image = Image.open(io.BytesIO(official.qr_image(code.ticket)))
    assert image.format == "PNG" and image.size[0] > 100


def test_an_expired_ticket_has_no_image(sandbox, official, time_machine):
    time_machine.move_to(datetime.now(UTC))
    code = official.create_binding_qr("bind-1", expire_seconds=60)
    time_machine.shift(timedelta(seconds=61))
    with pytest.raises(PermanentFailure, match="过期"):
        official.qr_image(code.ticket)


@pytest.mark.parametrize("scene, seconds", [("", 600), ("x" * 65, 600), ("ok", 59), ("ok", 30 * 24 * 3600 + 1)])
def test_scene_and_lifetime_outside_wechats_bounds_are_refused(sandbox, official, scene, seconds):
    with pytest.raises(PermanentFailure):
        official.create_binding_qr(scene, expire_seconds=seconds)
    assert sandbox.calls() == []


def test_a_qr_image_unavailable_is_temporary(sandbox, official):
    code = official.create_binding_qr("bind-2")
    sandbox.fail_next("/cgi-bin/showqrcode", status=503)
    with pytest.raises(TemporaryFailure):
        official.qr_image(code.ticket)


# -- the menu -------------------------------------------------------------------------------------

def test_the_menu_is_pushed_as_defined(sandbox, official):
    menu = load_menu(sandbox.settings.wechat_appid, "https://example.org/")
    official.push_menu(menu)
    assert [created.menu for created in sandbox.menus] == [menu]


def test_a_menu_breaking_wechats_rules_is_refused_before_the_call(sandbox, official):
    with pytest.raises(PermanentFailure, match="一级按钮"):
        official.push_menu({"button": []})
    assert sandbox.calls() == []
