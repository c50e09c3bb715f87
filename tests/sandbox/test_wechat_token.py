"""GET /cgi-bin/token and the access_token check every token-bearing WeChat endpoint makes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests


def _token(sandbox, **params) -> dict:
    settings = sandbox.settings
    query = {"grant_type": "client_credential", "appid": settings.wechat_appid,
             "secret": settings.wechat_secret, **params}
    return requests.get(sandbox.base_url + "cgi-bin/token", params=query, timeout=2).json()


def _ips(sandbox, token: str | None) -> dict:
    params = {} if token is None else {"access_token": token}
    return requests.get(sandbox.base_url + "cgi-bin/getcallbackip", params=params, timeout=2).json()


def test_the_right_appid_and_secret_get_a_token_for_7200_seconds(sandbox):
    reply = _token(sandbox)
    assert reply["expires_in"] == 7200
    assert len(reply["access_token"]) > 100
    assert _ips(sandbox, reply["access_token"]) == {"ip_list": ["127.0.0.1"]}


@pytest.mark.parametrize("params, errcode", [
    ({"grant_type": "password"}, 40002),
    ({"appid": "wx0000000000000000"}, 40013),
    ({"secret": "wrong"}, 40125),
])
def test_wrong_credentials_get_wechats_errcodes(sandbox, params, errcode):
    reply = _token(sandbox, **params)
    assert reply["errcode"] == errcode
    assert "rid:" in reply["errmsg"]
    assert "access_token" not in reply


def test_every_token_request_is_recorded(sandbox):
    good = _token(sandbox)["access_token"]
    _token(sandbox, secret="wrong")
    assert [(issue.access_token, issue.errcode) for issue in sandbox.token_requests] == [
        (good, 0), (None, 40125)]


def test_calls_need_a_known_live_token(sandbox):
    assert _ips(sandbox, None)["errcode"] == 41001
    assert _ips(sandbox, "made-up")["errcode"] == 40001


def test_a_token_expires_by_the_sandbox_clock(sandbox, time_machine):
    time_machine.move_to(datetime.now(UTC))
    token = _token(sandbox)["access_token"]
    time_machine.shift(timedelta(seconds=7199))
    assert "ip_list" in _ips(sandbox, token)
    time_machine.shift(timedelta(seconds=2))
    assert _ips(sandbox, token)["errcode"] == 42001


def test_a_replaced_token_keeps_working_for_five_minutes(sandbox, time_machine):
    time_machine.move_to(datetime.now(UTC))
    old = _token(sandbox)["access_token"]
    new = _token(sandbox)["access_token"]
    time_machine.shift(timedelta(minutes=4, seconds=59))
    assert "ip_list" in _ips(sandbox, old)
    time_machine.shift(timedelta(seconds=2))
    assert _ips(sandbox, old)["errcode"] == 42001
    assert "ip_list" in _ips(sandbox, new)


def test_invalidated_tokens_answer_40001_and_expired_ones_42001(sandbox):
    first = _token(sandbox)["access_token"]
    sandbox.expire_tokens()
    assert _ips(sandbox, first)["errcode"] == 42001
    sandbox.invalidate_tokens()
    assert _ips(sandbox, first)["errcode"] == 40001
    assert "ip_list" in _ips(sandbox, _token(sandbox)["access_token"])


def test_broken_token_mode_issues_tokens_that_never_work(sandbox):
    sandbox.issue_broken_tokens()
    assert _ips(sandbox, _token(sandbox)["access_token"])["errcode"] == 40001
    sandbox.issue_broken_tokens(False)
    assert "ip_list" in _ips(sandbox, _token(sandbox)["access_token"])
