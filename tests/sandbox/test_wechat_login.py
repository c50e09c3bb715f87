"""GET /sns/jscode2session with codes minted the way wx.login() would hand them out."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests


def _exchange(sandbox, code: str, **params) -> dict:
    settings = sandbox.settings
    query = {"appid": settings.wechat_appid, "secret": settings.wechat_secret, "js_code": code,
             "grant_type": "authorization_code", **params}
    return requests.get(sandbox.base_url + "sns/jscode2session", params=query, timeout=2).json()


def test_a_minted_code_gives_openid_and_session_key_once(sandbox):
    minted = sandbox.mint_login_code()
    reply = _exchange(sandbox, minted.code)
    assert reply["openid"] == minted.openid and minted.openid.startswith("o")
    assert len(reply["session_key"]) == 24  # base64 of 16 bytes, like WeChat's
    assert "unionid" not in reply and "errcode" not in reply
    assert _exchange(sandbox, minted.code)["errcode"] == 40163


def test_the_unionid_is_returned_when_the_user_has_one(sandbox):
    minted = sandbox.mint_login_code(unionid="oUnion1")
    assert _exchange(sandbox, minted.code)["unionid"] == "oUnion1"


def test_a_minted_code_is_the_code_string_itself_and_knows_its_user(sandbox):
    minted = sandbox.mint_login_code(openid="oWho", unionid="uWho")
    assert isinstance(minted, str) and minted == minted.code and len(minted) == 32
    assert (minted.openid, minted.unionid) == ("oWho", "uWho")
    assert _exchange(sandbox, minted)["openid"] == "oWho"  # usable wherever a code goes


def test_codes_for_the_same_openid_log_in_the_same_user(sandbox):
    first = sandbox.mint_login_code()
    second = sandbox.mint_login_code(openid=first.openid)
    assert second.code != first.code
    assert _exchange(sandbox, first.code)["openid"] == _exchange(sandbox, second.code)["openid"]


def test_a_code_lives_five_minutes_by_the_sandbox_clock(sandbox, time_machine):
    time_machine.move_to(datetime.now(UTC))
    code = sandbox.mint_login_code().code
    time_machine.shift(timedelta(minutes=5, seconds=1))
    assert _exchange(sandbox, code)["errcode"] == 40029


@pytest.mark.parametrize("params, errcode", [
    ({"grant_type": "client_credential"}, 40002),
    ({"appid": "wx0000000000000000"}, 40013),
    ({"secret": "wrong"}, 40125),
    ({"js_code": ""}, 41008),
    ({"js_code": "never-minted"}, 40029),
])
def test_wrong_requests_get_wechats_errcodes(sandbox, params, errcode):
    code = sandbox.mint_login_code().code
    assert _exchange(sandbox, code, **params)["errcode"] == errcode


def test_every_exchange_is_recorded(sandbox):
    minted = sandbox.mint_login_code()
    _exchange(sandbox, minted.code)
    _exchange(sandbox, minted.code)
    assert [(c.js_code, c.openid, c.errcode) for c in sandbox.code2session_calls] == [
        (minted.code, minted.openid, 0), (minted.code, None, 40163)]
