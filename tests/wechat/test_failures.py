"""Failures sorted into "retry later" and "never": what a sender does next depends on it."""
from __future__ import annotations

import pytest
import requests
from wechatpy.exceptions import WeChatClientException

from server.wechat.failures import PermanentFailure, TemporaryFailure, call_wechat, from_errcode


@pytest.mark.parametrize("errcode", [-1, 40001, 42001, 45009, 45011])
def test_busy_quota_and_token_errcodes_are_temporary(errcode):
    failure = from_errcode(errcode, "x")
    assert isinstance(failure, TemporaryFailure) and failure.temporary and failure.errcode == errcode


@pytest.mark.parametrize("errcode, reason", [
    (43101, "用户未订阅此消息或已拒绝接收"), (40037, "模板 ID 不正确"), (40003, "接收者 openid 不正确"),
    (43004, "用户未关注公众号"), (41030, "跳转页面不在线上版本的小程序中"),
])
def test_refusals_are_permanent_with_a_reason_staff_can_read(errcode, reason):
    failure = from_errcode(errcode, "whatever rid: 1-2")
    assert isinstance(failure, PermanentFailure) and not failure.temporary
    assert (failure.errcode, failure.reason) == (errcode, reason)


def test_an_argument_error_keeps_wechats_hint_without_the_request_id():
    failure = from_errcode(47003, "argument invalid! data.thing1.value invalid rid: 66ac5b50-0e6d76ba")
    assert failure.reason == "模板参数不符合微信的规则：argument invalid! data.thing1.value invalid"


def test_an_unknown_errcode_is_permanent_and_keeps_it():
    failure = from_errcode(99999, "new")
    assert isinstance(failure, PermanentFailure) and failure.errcode == 99999 and "99999" in failure.reason


def test_no_errcode_means_wechat_was_not_really_reached_so_it_is_temporary():
    assert isinstance(from_errcode(None), TemporaryFailure)


@pytest.mark.parametrize("raised, expected", [
    (requests.ReadTimeout(), "微信接口响应超时"),
    (requests.ConnectionError(), "无法连接微信接口"),
    (WeChatClientException(43101, "refused"), "用户未订阅此消息或已拒绝接收"),
])
def test_call_wechat_turns_every_failure_into_a_delivery_failure(raised, expected):
    def send():
        raise raised

    with pytest.raises((TemporaryFailure, PermanentFailure)) as caught:
        call_wechat("test", send)
    assert caught.value.reason == expected


def test_a_non_json_answer_is_temporary():
    with pytest.raises(TemporaryFailure, match="无法识别"):
        call_wechat("test", lambda: requests.Response())
    assert call_wechat("test", lambda: {"errcode": 0}) == {"errcode": 0}
