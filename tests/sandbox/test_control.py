"""/sandbox/...: the user's side and the faults, over HTTP (for the dev server's demo)."""
from __future__ import annotations

import requests


def _post(sandbox, path: str, body: dict | None = None) -> dict:
    return requests.post(sandbox.base_url + "sandbox/" + path, json=body or {}, timeout=2).json()


def _exchange(sandbox, code: str) -> dict:
    settings = sandbox.settings
    return requests.get(sandbox.base_url + "sns/jscode2session", timeout=2, params={
        "appid": settings.wechat_appid, "secret": settings.wechat_secret, "js_code": code,
        "grant_type": "authorization_code"}).json()


def _token(sandbox) -> str:
    settings = sandbox.settings
    return requests.get(sandbox.base_url + "cgi-bin/token", timeout=2, params={
        "grant_type": "client_credential", "appid": settings.wechat_appid,
        "secret": settings.wechat_secret}).json()["access_token"]


def _ips(sandbox, token: str) -> dict:
    return requests.get(sandbox.base_url + "cgi-bin/getcallbackip", timeout=2,
                        params={"access_token": token}).json()


def test_a_login_code_is_minted_for_a_new_or_given_user(sandbox):
    minted = _post(sandbox, "wechat/login-code")
    assert _exchange(sandbox, minted["code"])["openid"] == minted["openid"]
    again = _post(sandbox, "wechat/login-code", {"openid": minted["openid"], "unionid": "u-1"})
    assert (again["openid"], again["unionid"]) == (minted["openid"], "u-1")


def test_tokens_can_be_invalidated_expired_or_broken(sandbox):
    token = _token(sandbox)
    _post(sandbox, "wechat/expire-tokens")
    assert _ips(sandbox, token)["errcode"] == 42001
    _post(sandbox, "wechat/invalidate-tokens")
    assert _ips(sandbox, token)["errcode"] == 40001
    _post(sandbox, "wechat/broken-tokens", {"enabled": True})
    assert _ips(sandbox, _token(sandbox))["errcode"] == 40001
    _post(sandbox, "wechat/broken-tokens", {"enabled": False})
    assert "ip_list" in _ips(sandbox, _token(sandbox))


def test_faults_are_planned_listed_and_cleared(sandbox):
    planned = _post(sandbox, "faults", {"path": "/cgi-bin/token", "times": 2, "status": 502})
    assert planned["/cgi-bin/token"][0]["remaining"] == 2
    assert requests.get(sandbox.base_url + "cgi-bin/token", timeout=2).status_code == 502
    requests.delete(sandbox.base_url + "sandbox/faults", timeout=2)
    assert requests.get(sandbox.base_url + "sandbox/faults", timeout=2).json() == {}
    assert requests.post(sandbox.base_url + "sandbox/faults", json={"times": 1}, timeout=2).status_code == 400


def test_records_show_calls_and_exchanges_but_no_token_values(sandbox):
    token = _token(sandbox)
    _exchange(sandbox, _post(sandbox, "wechat/login-code")["code"])
    records = requests.get(sandbox.base_url + "sandbox/records", timeout=2).json()
    assert [call["path"] for call in records["calls"]] == ["/cgi-bin/token", "/sns/jscode2session"]
    assert records["token_requests"][0]["access_token"] is None
    assert token not in str(records)
    assert records["code2session_calls"][0]["errcode"] == 0


def test_reset_over_http(sandbox):
    _post(sandbox, "wechat/login-code")
    _token(sandbox)
    _post(sandbox, "reset")
    assert sandbox.token_requests == [] and sandbox.calls() == []
