"""The HTTP session under wechatpy: a default timeout, and no road to real WeChat from a dev run."""
from __future__ import annotations

import threading

from server.wechat.http import WeChatHttpSession, rewrite_wechat_url

BASE = "http://127.0.0.1:5001/"
API, FILE_API, MP = "api.weixin.qq.com", "file.api.weixin.qq.com", "mp.weixin.qq.com"


def test_wechat_urls_are_rewritten_onto_the_stand_in():
    assert rewrite_wechat_url(f"https://{API}/cgi-bin/token?a=1", BASE) == \
        BASE + "cgi-bin/token?a=1"
    assert rewrite_wechat_url(f"https://{FILE_API}/cgi-bin/media/get", BASE) == \
        BASE + "cgi-bin/media/get"
    assert rewrite_wechat_url(f"https://{MP}/cgi-bin/showqrcode?ticket=t", BASE) == \
        BASE + "cgi-bin/showqrcode?ticket=t"


def test_other_urls_are_left_alone():
    for url in ["https://example.com/x", f"http://{API}/x", BASE + "sns/jscode2session"]:
        assert rewrite_wechat_url(url, BASE) == url


def test_a_hard_coded_wechat_url_in_wechatpy_reaches_the_sandbox(sandbox, wechat_client):
    # wechatpy's customservice API and others use absolute URLs on WeChat's API host.
    token = wechat_client.access_token
    reply = wechat_client._http.get(f"https://{API}/cgi-bin/getcallbackip",
                                    params={"access_token": token})
    assert reply.json() == {"ip_list": ["127.0.0.1"]}


def test_the_default_timeout_fills_in_when_none_is_given(monkeypatch):
    seen = {}

    def fake_request(self, method, url, *args, **kwargs):
        seen.update(kwargs, url=url)

    monkeypatch.setattr("requests.Session.request", fake_request)
    session = WeChatHttpSession(timeout=3.5)
    session.request("GET", f"https://{API}/x", timeout=None)
    assert seen["timeout"] == 3.5
    session.request("GET", f"https://{API}/x", timeout=1)
    assert seen["timeout"] == 1
    assert seen["url"] == f"https://{API}/x"  # no stand-in configured: untouched


def test_each_thread_reaches_wechat_through_a_session_of_its_own(sandbox, wechat_client):
    token = wechat_client.access_token
    sessions, answers = [], []

    def ask() -> None:
        sessions.append(wechat_client._http.session())
        answers.append(wechat_client._http.get(f"https://{API}/cgi-bin/getcallbackip",
                                               params={"access_token": token}).json())

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(session) for session in sessions}) == 3
    assert answers == [{"ip_list": ["127.0.0.1"]}] * 3
    assert wechat_client._http.session() is wechat_client._http.session()  # one per thread, kept
