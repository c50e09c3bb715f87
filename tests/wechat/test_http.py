"""The HTTP session under wechatpy: a default timeout, and no road to real WeChat from a dev run."""
from __future__ import annotations

from server.wechat.http import WeChatHttpSession, rewrite_wechat_url

BASE = "http://127.0.0.1:5001/"


def test_wechat_urls_are_rewritten_onto_the_stand_in():
    assert rewrite_wechat_url("https://api.weixin.qq.com/cgi-bin/token?a=1", BASE) == \
        BASE + "cgi-bin/token?a=1"
    assert rewrite_wechat_url("https://file.api.weixin.qq.com/cgi-bin/media/get", BASE) == \
        BASE + "cgi-bin/media/get"
    assert rewrite_wechat_url("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t", BASE) == \
        BASE + "cgi-bin/showqrcode?ticket=t"


def test_other_urls_are_left_alone():
    for url in ["https://example.com/x", "http://api.weixin.qq.com/x", BASE + "sns/jscode2session"]:
        assert rewrite_wechat_url(url, BASE) == url


def test_a_hard_coded_wechat_url_in_wechatpy_reaches_the_sandbox(sandbox, wechat_client):
    # wechatpy's customservice API and others use absolute https://api.weixin.qq.com URLs.
    token = wechat_client.access_token
    reply = wechat_client._http.get("https://api.weixin.qq.com/cgi-bin/getcallbackip",
                                    params={"access_token": token})
    assert reply.json() == {"ip_list": ["127.0.0.1"]}


def test_the_default_timeout_fills_in_when_none_is_given(monkeypatch):
    seen = {}

    def fake_request(self, method, url, *args, **kwargs):
        seen.update(kwargs, url=url)

    monkeypatch.setattr("requests.Session.request", fake_request)
    session = WeChatHttpSession(timeout=3.5)
    session.request("GET", "https://api.weixin.qq.com/x", timeout=None)
    assert seen["timeout"] == 3.5
    session.request("GET", "https://api.weixin.qq.com/x", timeout=1)
    assert seen["timeout"] == 1
    assert seen["url"] == "https://api.weixin.qq.com/x"  # no stand-in configured: untouched
