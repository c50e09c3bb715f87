"""The sandbox's message endpoints over raw HTTP, as WeChat behaves: the right app's token, grants
spent one per message, followers only, WeChat's field limits (47003), and the messages page."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests

SUBSCRIBE = "cgi-bin/message/subscribe/send"
TEMPLATE = "cgi-bin/message/template/send"


def _token(sandbox, appid: str, secret: str) -> str:
    return requests.get(sandbox.base_url + "cgi-bin/token", params={
        "grant_type": "client_credential", "appid": appid, "secret": secret}, timeout=2).json()["access_token"]


@pytest.fixture
def mini_token(sandbox) -> str:
    return _token(sandbox, sandbox.settings.wechat_appid, sandbox.settings.wechat_secret)


@pytest.fixture
def oa_token(sandbox) -> str:
    return _token(sandbox, sandbox.settings.oa_appid, sandbox.settings.oa_secret)


def _post(sandbox, path: str, token: str, body) -> dict:
    return requests.post(sandbox.base_url + path, params={"access_token": token}, json=body, timeout=2).json()


def _subscribe(openid: str, **changes) -> dict:
    return {"touser": openid, "template_id": "T1", "data": {"thing1": {"value": "审核结果"}}, **changes}


def test_each_app_gets_its_own_token_good_only_for_that_app(sandbox, mini_token):
    settings = sandbox.settings
    oa_token = _token(sandbox, settings.oa_appid, settings.oa_secret)
    assert oa_token != mini_token
    openid = sandbox.mint_login_code().openid
    sandbox.grant_subscribe_message(openid, "T1")
    assert _post(sandbox, SUBSCRIBE, oa_token, _subscribe(openid))["errcode"] == 40001
    assert _post(sandbox, SUBSCRIBE, mini_token, _subscribe(openid))["errcode"] == 0


def test_a_new_token_for_one_app_leaves_the_other_apps_token_alone(sandbox, oa_token, time_machine):
    time_machine.move_to(datetime.now(UTC))
    oa_token = _token(sandbox, sandbox.settings.oa_appid, sandbox.settings.oa_secret)
    _token(sandbox, sandbox.settings.wechat_appid, sandbox.settings.wechat_secret)
    time_machine.shift(timedelta(minutes=6))  # past the grace period of a replaced token
    follower = sandbox.add_follower()
    body = {"touser": follower, "template_id": "OA1", "data": {"thing1": {"value": "x"}}}
    assert _post(sandbox, TEMPLATE, oa_token, body)["errcode"] == 0


def test_a_subscribe_message_spends_one_grant(sandbox, mini_token):
    openid = sandbox.mint_login_code().openid
    assert sandbox.grant_subscribe_message(openid, "T1", times=2) == 2
    answers = [_post(sandbox, SUBSCRIBE, mini_token, _subscribe(openid))["errcode"] for _ in range(3)]
    assert answers == [0, 0, 43101]
    assert len(sandbox.subscribe_messages) == 2


@pytest.mark.parametrize("body, errcode, hint", [
    ({"data": {"thing1": {"value": "审" * 21}}}, 47003, "data.thing1.value invalid"),
    ({"data": {"phrase1": {"value": "审核已经通过"}}}, 47003, "data.phrase1.value invalid"),
    ({"data": {"thing1": "not wrapped"}}, 47003, "data invalid"),
    ({"miniprogram_state": "production"}, 47003, "miniprogram_state invalid"),
    ({"template_id": ""}, 40037, ""),
    ({"touser": "oNobody"}, 40003, ""),
])
def test_wechats_refusals_are_mirrored(sandbox, mini_token, body, errcode, hint):
    openid = sandbox.mint_login_code().openid
    sandbox.grant_subscribe_message(openid, "T1")
    answer = _post(sandbox, SUBSCRIBE, mini_token, {**_subscribe(openid), **body})
    assert answer["errcode"] == errcode and hint in answer["errmsg"] and "rid:" in answer["errmsg"]
    assert sandbox.subscribe_messages == []


def test_a_body_that_is_not_json_is_47001(sandbox, mini_token):
    answer = requests.post(sandbox.base_url + SUBSCRIBE, params={"access_token": mini_token},
                           data=b"<xml/>", timeout=2).json()
    assert answer["errcode"] == 47001


def test_template_messages_go_to_followers_and_check_the_mini_program(sandbox, oa_token):
    follower = sandbox.add_follower()
    body = {"touser": follower, "template_id": "OA1", "data": {"thing1": {"value": "审核结果"}},
            "miniprogram": {"appid": sandbox.settings.wechat_appid, "pagepath": "pages/home/index"}}
    answer = _post(sandbox, TEMPLATE, oa_token, body)
    assert answer["errcode"] == 0 and answer["msgid"] == sandbox.template_messages[0].msgid
    assert _post(sandbox, TEMPLATE, oa_token, {**body, "touser": "oStranger"})["errcode"] == 43004
    wrong_app = {**body, "miniprogram": {"appid": "wx0000000000000000", "pagepath": "x"}}
    assert _post(sandbox, TEMPLATE, oa_token, wrong_app)["errcode"] == 47003
    legacy = {**body, "data": {"first": {"value": "长" * 50}, "keyword1": {"value": "x"}}}
    assert _post(sandbox, TEMPLATE, oa_token, legacy)["errcode"] == 0


def test_an_unfollow_stops_template_messages(sandbox, oa_token):
    follower = sandbox.add_follower()
    sandbox.context.wechat.unfollow(follower)
    body = {"touser": follower, "template_id": "OA1", "data": {"thing1": {"value": "x"}}}
    assert _post(sandbox, TEMPLATE, oa_token, body)["errcode"] == 43004


def test_errcodes_can_be_injected_over_http(sandbox, mini_token):
    requests.post(sandbox.base_url + "sandbox/faults", json={"path": "/" + SUBSCRIBE, "errcode": 45009},
                  timeout=2)
    answer = _post(sandbox, SUBSCRIBE, mini_token, _subscribe("o"))
    assert answer["errcode"] == 45009 and answer["errmsg"].startswith("reach max api daily quota limit")


def test_grants_can_be_given_over_http(sandbox, mini_token):
    answer = requests.post(sandbox.base_url + "sandbox/wechat/subscribe-grants",
                           json={"openid": "oMini", "template_id": "T1", "times": 1}, timeout=2).json()
    assert answer["held"] == 1
    assert _post(sandbox, SUBSCRIBE, mini_token, _subscribe("oMini"))["errcode"] == 0
    bad = requests.post(sandbox.base_url + "sandbox/wechat/subscribe-grants", json={"openid": "o"}, timeout=2)
    assert bad.status_code == 400 and "template_id" in bad.json()["error"]


# -- the page the demo shows -------------------------------------------------------------------

def _send_both(sandbox, mini_token, oa_token) -> tuple[str, str]:
    mini = sandbox.mint_login_code().openid
    sandbox.grant_subscribe_message(mini, "T1")
    _post(sandbox, SUBSCRIBE, mini_token, _subscribe(mini, page="pages/application/index"))
    follower = sandbox.add_follower()
    _post(sandbox, TEMPLATE, oa_token, {"touser": follower, "template_id": "OA1",
                                        "data": {"thing1": {"value": "缴费已开放"}}, "url": "https://example.org/pay"})
    return mini, follower


def test_the_messages_page_lists_every_message_newest_first(sandbox, mini_token, oa_token):
    mini, follower = _send_both(sandbox, mini_token, oa_token)
    page = requests.get(sandbox.base_url + "sandbox/wechat/messages", timeout=2)
    assert page.status_code == 200 and 'lang="zh-CN"' in page.text
    rows = re.findall(r'class="wechat-message" data-openid="([^"]+)" data-channel="(\w+)"', page.text)
    assert rows == [(follower, "template"), (mini, "subscribe")]
    assert "缴费已开放" in page.text and "审核结果" in page.text and "小程序 pages/application/index" in page.text


def test_the_messages_page_filters_by_openid(sandbox, mini_token, oa_token):
    mini, _ = _send_both(sandbox, mini_token, oa_token)
    page = requests.get(sandbox.base_url + "sandbox/wechat/messages", params={"openid": mini}, timeout=2)
    assert re.findall(r'data-openid="([^"]+)" data-channel', page.text) == [mini]
    data = requests.get(sandbox.base_url + "sandbox/wechat/messages.json", params={"openid": mini}, timeout=2).json()
    assert [(m["channel"], m["touser"], m["data"]) for m in data["messages"]] == [
        ("subscribe", mini, {"thing1": "审核结果"})]


def test_an_empty_messages_page_says_so(sandbox):
    assert "还没有发出微信消息" in requests.get(sandbox.base_url + "sandbox/wechat/messages", timeout=2).text


def test_the_grant_form_lets_the_demo_accept_a_subscription(sandbox, mini_token):
    answer = requests.post(sandbox.base_url + "sandbox/wechat/messages/grants",
                           data={"openid": "oDemo", "template_id": "T1", "times": "1"}, timeout=2)
    assert answer.status_code == 200 and answer.url.endswith("openid=oDemo")
    assert _post(sandbox, SUBSCRIBE, mini_token, _subscribe("oDemo"))["errcode"] == 0
    refused = requests.post(sandbox.base_url + "sandbox/wechat/messages/grants", data={"openid": "oDemo"}, timeout=2)
    assert refused.status_code == 400


def test_the_index_links_to_the_wechat_pages(sandbox):
    html = requests.get(sandbox.base_url + "sandbox/", timeout=2).text
    assert "/sandbox/wechat/official-account" in html and "/sandbox/wechat/messages" in html


def test_the_messages_page_shows_the_sms_too_and_filters_them_by_phone(sandbox, sms_sender):
    sandbox.register_sms_template("5100001", "您的评标专家申报未通过资格审核，请于{1}前修改后重新提交。")
    sms_sender.send_template("13800138000", "5100001", ["12月2日18:30"])
    sms_sender.send_code("13900139000", "123456", 5)
    page = requests.get(sandbox.base_url + "sandbox/wechat/messages", timeout=2).text
    assert re.findall(r'class="sms-row" data-phone="([^"]+)"', page) == ["+8613900139000", "+8613800138000"]
    assert "请于12月2日18:30前修改后重新提交" in page and "验证码 123456" in page
    mine = requests.get(sandbox.base_url + "sandbox/wechat/messages", params={"phone": "13800138000"}, timeout=2).text
    assert re.findall(r'class="sms-row" data-phone="([^"]+)"', mine) == ["+8613800138000"]
