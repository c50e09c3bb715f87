"""The user's side of the official account: the Python API, the control API and the page, each
pushing to our real endpoint (live server) and showing the reply decrypted."""
from __future__ import annotations

import re
import socket

import pytest
import requests

from server.sandbox.wechat.official_account_user import PushRefused
from server.wechat.channels import OfficialAccountChannel

PATH = "/wechat/official-account"


@pytest.fixture
def callback_url(sandbox, live_server):
    url = live_server.url + PATH
    sandbox.set_official_account_url(url)
    yield url
    sandbox.set_official_account_url(None)


def test_pushes_look_like_wechats(sandbox, callback_url):
    push = sandbox.official_account.text("oUser1", "帮助")
    assert push.fields["ToUserName"] == sandbox.settings.oa_original_id
    assert (push.fields["FromUserName"], push.fields["MsgType"], push.fields["Content"]) == ("oUser1", "text", "帮助")
    assert push.fields["MsgId"] > 2**62 and isinstance(push.fields["CreateTime"], int)
    assert (push.mode, push.format, push.url) == ("safe", "xml", callback_url)
    assert sandbox.official_account_pushes == [push]


def test_following_and_leaving_change_who_follows(sandbox, callback_url):
    sandbox.official_account.subscribe("oUser2")
    assert sandbox.context.wechat.is_follower("oUser2")
    sandbox.official_account.unsubscribe("oUser2")
    assert not sandbox.context.wechat.is_follower("oUser2")


def test_without_a_callback_url_nothing_is_pushed(sandbox):
    with pytest.raises(PushRefused, match="服务器地址"):
        sandbox.official_account.text("oUser3", "进度")


def test_unknown_tickets_and_options_are_refused(sandbox, callback_url):
    with pytest.raises(PushRefused, match="ticket 不存在"):
        sandbox.official_account.scan_qr("oUser4", "gQnope")
    with pytest.raises(PushRefused, match="mode"):
        sandbox.official_account.text("oUser4", "x", mode="compat")
    with pytest.raises(PushRefused, match="format"):
        sandbox.official_account.text("oUser4", "x", format="yaml")


def test_a_server_that_is_not_there_is_recorded_as_unreachable(sandbox):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sandbox.set_official_account_url(f"http://127.0.0.1:{port}/wechat/official-account")
    try:
        push = sandbox.official_account.text("oUser5", "进度")
    finally:
        sandbox.set_official_account_url(None)
    assert push.status is None and push.error.startswith("无法连接服务器")


def test_the_control_api_pushes_and_names_the_choices(sandbox, callback_url):
    base = sandbox.base_url + "sandbox/wechat/official-account/"
    answer = requests.post(base + "push", json={"action": "subscribe", "scene": "bind-1", "format": "json"},
                           timeout=10).json()
    assert answer["openid"].startswith("o") and answer["fields"]["EventKey"] == "qrscene_bind-1"
    assert answer["status"] == 200 and answer["reply_text"]  # the default help menu
    refused = requests.post(base + "push", json={"action": "dance", "openid": "o"}, timeout=10)
    assert refused.status_code == 400 and "text、subscribe" in refused.json()["error"]
    pushes = requests.get(base + "pushes", timeout=2).json()["pushes"]
    assert [p["openid"] for p in pushes] == [answer["openid"]]


def test_the_callback_url_is_set_over_http_and_kept_across_resets(sandbox, callback_url):
    base = sandbox.base_url + "sandbox/wechat/official-account/url"
    assert requests.post(base, json={"url": "ftp://x"}, timeout=2).status_code == 400
    requests.post(base, json={"url": callback_url + "?v=2"}, timeout=2)
    sandbox.reset()
    assert requests.get(base, timeout=2).json() == {"url": callback_url + "?v=2"}


def test_the_page_plays_the_user_and_shows_our_reply(sandbox, callback_url):
    page_url = sandbox.base_url + "sandbox/wechat/official-account"
    page = requests.get(page_url, timeout=2)
    assert page.status_code == 200 and "沙箱公众号用户端" in page.text and callback_url in page.text
    answer = requests.post(page_url, data={"openid": "oPage", "action": "text", "content": "进度",
                                           "mode": "safe", "format": "json"}, timeout=10)
    assert answer.status_code == 200
    reply = re.search(r'id="reply-text">(.*?)</div>', answer.text, re.S).group(1)
    assert "还没有绑定申报账号" in reply  # the status bot, to a stranger, decrypted
    assert 'data-openid="oPage"' in answer.text


def test_the_page_scans_a_qr_code_we_created(sandbox, callback_url, official_account_client):
    code = OfficialAccountChannel(official_account_client).create_binding_qr("bind-page")
    page_url = sandbox.base_url + "sandbox/wechat/official-account"
    assert 'data-scene="bind-page"' in requests.get(page_url, timeout=2).text
    answer = requests.post(page_url, data={"action": "scan_qr", "ticket": code.ticket, "openid": ""}, timeout=10)
    [push] = sandbox.official_account_pushes
    assert push.fields["EventKey"] == "qrscene_bind-page" and push.fields["Ticket"] == code.ticket
    assert push.openid in answer.text and "关注（qrscene_bind-page）" in answer.text


def test_the_page_says_what_is_missing_in_chinese(sandbox, callback_url):
    answer = requests.post(sandbox.base_url + "sandbox/wechat/official-account",
                           data={"openid": "oPage", "action": "text", "content": ""}, timeout=10)
    assert answer.status_code == 400 and "content 不能为空" in answer.text
