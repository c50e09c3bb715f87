"""code_to_session: a wx.login() code becomes an openid through wechatpy's wxa.code_to_session,
and every way it can fail becomes a Chinese sentence for the user."""
from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta

import pytest

from server.wechat import WechatLoginError, WechatSession, code_to_session, make_wechat_client

LOGIN = "/sns/jscode2session"
UNAVAILABLE = "微信服务暂时不可用，请稍后重试"


def _login_fails(client, code) -> WechatLoginError:
    with pytest.raises(WechatLoginError) as failed:
        code_to_session(client, code)
    return failed.value


def test_a_fresh_code_gives_the_users_openid_and_session_key(sandbox, wechat_client):
    minted = sandbox.mint_login_code()
    session = code_to_session(wechat_client, minted.code)
    assert isinstance(session, WechatSession)
    assert session.openid == minted.openid
    assert session.session_key
    assert session.unionid is None


def test_the_unionid_comes_along_when_the_user_has_one(sandbox, wechat_client):
    minted = sandbox.mint_login_code(openid="oExpertA", unionid="uExpertA")
    session = code_to_session(wechat_client, minted.code)
    assert (session.openid, session.unionid) == ("oExpertA", "uExpertA")


def test_each_login_gets_a_new_session_key(sandbox, wechat_client):
    first = code_to_session(wechat_client, sandbox.mint_login_code(openid="oExpertB").code)
    second = code_to_session(wechat_client, sandbox.mint_login_code(openid="oExpertB").code)
    assert first.openid == second.openid
    assert first.session_key != second.session_key


def test_login_needs_no_access_token(sandbox, wechat_client):
    code_to_session(wechat_client, sandbox.mint_login_code().code)
    assert sandbox.token_requests == []
    assert len(sandbox.calls(LOGIN)) == 1


def test_a_used_code_is_refused(sandbox, wechat_client):
    code = sandbox.mint_login_code().code
    code_to_session(wechat_client, code)
    error = _login_fails(wechat_client, code)
    assert (error.errcode, error.kind, error.retryable) == (40163, "invalid_code", False)
    assert str(error) == "登录凭证已使用，请重新登录"


def test_a_code_older_than_five_minutes_is_refused(sandbox, wechat_client, time_machine):
    time_machine.move_to(datetime.now(UTC))
    code = sandbox.mint_login_code().code
    time_machine.shift(timedelta(minutes=5, seconds=1))
    error = _login_fails(wechat_client, code)
    assert (error.errcode, error.kind, error.retryable) == (40029, "invalid_code", False)
    assert str(error) == "登录凭证无效或已过期，请重新登录"


def test_a_code_just_under_five_minutes_old_still_works(sandbox, wechat_client, time_machine):
    time_machine.move_to(datetime.now(UTC))
    minted = sandbox.mint_login_code()
    time_machine.shift(timedelta(minutes=4, seconds=59))
    assert code_to_session(wechat_client, minted.code).openid == minted.openid


def test_an_unknown_code_is_refused(wechat_client):
    assert _login_fails(wechat_client, "not-a-code").errcode == 40029


@pytest.mark.parametrize("code", ["", "x" * 300])
def test_an_empty_or_absurd_code_is_refused_without_asking_wechat(sandbox, wechat_client, code):
    assert _login_fails(wechat_client, code).kind == "invalid_code"
    assert sandbox.calls(LOGIN) == []


def test_wechats_rate_limit_asks_the_user_to_wait(sandbox, wechat_client):
    sandbox.fail_next(LOGIN, status=200, body={"errcode": 45011, "errmsg": "api minute-quota reach limit"})
    error = _login_fails(wechat_client, sandbox.mint_login_code().code)
    assert (error.errcode, error.kind, error.retryable) == (45011, "rate_limited", True)
    assert str(error) == "登录请求过于频繁，请稍后再试"


@pytest.mark.parametrize("status, body", [(200, {"errcode": -1, "errmsg": "system error"}),
                                          (502, None)])
def test_wechat_failing_is_service_unavailable(sandbox, wechat_client, status, body):
    sandbox.fail_next(LOGIN, status=status, body=body)
    error = _login_fails(wechat_client, sandbox.mint_login_code().code)
    assert (str(error), error.kind, error.retryable) == (UNAVAILABLE, "unavailable", True)


def test_wechat_not_answering_in_time_is_service_unavailable(sandbox):
    client = make_wechat_client(sandbox.settings.wechat_appid, sandbox.settings.wechat_secret,
                                api_base_url=sandbox.wechat_api_base_url, redis_url=None, timeout=0.2)
    sandbox.delay_next(LOGIN, seconds=2.0)
    error = _login_fails(client, sandbox.mint_login_code().code)
    assert (str(error), error.errcode, error.retryable) == (UNAVAILABLE, None, True)


def test_wechat_unreachable_is_service_unavailable():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_wechat_client("wx0", "s", api_base_url=f"http://127.0.0.1:{port}/", redis_url=None,
                                timeout=0.5)
    error = _login_fails(client, "any-code")
    assert (str(error), error.retryable) == (UNAVAILABLE, True)


def test_a_wrong_appsecret_is_our_fault_logged_and_shown_as_unavailable(sandbox, caplog):
    client = make_wechat_client(sandbox.settings.wechat_appid, "wrong", redis_url=None, timeout=2.0,
                                api_base_url=sandbox.wechat_api_base_url)
    error = _login_fails(client, sandbox.mint_login_code().code)
    assert (str(error), error.errcode) == (UNAVAILABLE, 40125)
    assert any(record.levelno == logging.ERROR and "40125" in record.getMessage()
               for record in caplog.records)


def test_neither_the_code_nor_the_session_key_is_logged_or_shown(sandbox, wechat_client, caplog):
    caplog.set_level(logging.DEBUG)
    code = sandbox.mint_login_code().code
    session = code_to_session(wechat_client, code)
    _login_fails(wechat_client, code)

    assert session.session_key not in repr(session)
    for record in caplog.records:
        if record.name.startswith("server.sandbox"):
            continue
        assert code not in record.getMessage()
        assert session.session_key not in record.getMessage()
