"""Why a message to WeChat did not go out, sorted into "try again later" and "this will never work".

A sender retries a TemporaryFailure with backoff and moves on to the next channel after a
PermanentFailure. `reason` is Chinese, for the staff console; `errcode` is WeChat's (None when
WeChat was not reached or answered no errcode; also None when our own checks refused the message).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import requests
from wechatpy.exceptions import WeChatClientException

logger = logging.getLogger(__name__)

# WeChat is busy, a quota runs out and refills, or the token went bad after the client's one retry.
TEMPORARY_ERRCODES: dict[int, str] = {
    -1: "微信系统繁忙",
    40001: "微信接口凭证无效（已重新获取仍被拒绝）",
    40014: "微信接口凭证不合法",
    42001: "微信接口凭证已过期",
    45009: "微信接口今日调用次数已达上限",
    45011: "微信接口调用过于频繁",
}
# Known refusals, with what staff should read. Every other errcode is permanent too.
PERMANENT_ERRCODES: dict[int, str] = {
    40003: "接收者 openid 不正确",
    40037: "模板 ID 不正确",
    41030: "跳转页面不在线上版本的小程序中",
    43004: "用户未关注公众号",
    43101: "用户未订阅此消息或已拒绝接收",
    47003: "模板参数不符合微信的规则",
    48001: "公众号或小程序没有此接口的权限",
}
TIMEOUT = "微信接口响应超时"
UNREACHABLE = "无法连接微信接口"
HTTP_ERROR = "微信接口暂时不可用"
GARBAGE = "微信接口返回了无法识别的内容"


class DeliveryFailure(Exception):
    temporary = False

    def __init__(self, reason: str, *, errcode: int | None = None, errmsg: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.errcode = errcode
        self.errmsg = errmsg

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason!r}, errcode={self.errcode!r})"


class TemporaryFailure(DeliveryFailure):
    temporary = True


class PermanentFailure(DeliveryFailure):
    temporary = False


def from_errcode(errcode: int | None, errmsg: str | None = None) -> DeliveryFailure:
    """WeChat's answer → the failure a sender acts on."""
    if errcode is None:
        return TemporaryFailure(HTTP_ERROR, errmsg=errmsg)
    if errcode in TEMPORARY_ERRCODES:
        return TemporaryFailure(TEMPORARY_ERRCODES[errcode], errcode=errcode, errmsg=errmsg)
    reason = PERMANENT_ERRCODES.get(errcode, f"微信拒绝了此消息（错误码 {errcode}）")
    if errcode == 47003 and errmsg:
        reason = f"{reason}：{errmsg.split(' rid:')[0]}"
    return PermanentFailure(reason, errcode=errcode, errmsg=errmsg)


def call_wechat(what: str, send: Callable[[], Any]) -> dict[str, Any]:
    """Run one wechatpy call; every way it can fail becomes a DeliveryFailure, logged once."""
    try:
        result = send()
    except WeChatClientException as error:
        failure = from_errcode(error.errcode, error.errmsg)
    except requests.Timeout:
        failure = TemporaryFailure(TIMEOUT)
    except requests.RequestException as error:
        logger.warning("WeChat %s: %s", what, type(error).__name__)
        failure = TemporaryFailure(UNREACHABLE)
    else:
        if isinstance(result, dict):
            return result
        failure = TemporaryFailure(GARBAGE)  # wechatpy hands back the raw response when not JSON
    logger.warning("WeChat %s failed: %r", what, failure)
    raise failure
