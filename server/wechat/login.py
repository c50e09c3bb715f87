"""The mini-program login: a wx.login() code → the user's openid, through wechatpy.

Every failure becomes a WechatLoginError whose text is a Chinese sentence for the user; `retryable`
tells the handler whether to answer "try again later" (503) or "log in again" (400). The code and
the session_key are credentials: neither is logged.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import requests
from wechatpy.client import WeChatClient
from wechatpy.exceptions import WeChatClientException

logger = logging.getLogger(__name__)

UNAVAILABLE = "微信服务暂时不可用，请稍后重试"
INVALID_CODE = "登录凭证无效或已过期，请重新登录"
USED_CODE = "登录凭证已使用，请重新登录"
RATE_LIMITED = "登录请求过于频繁，请稍后再试"
RISKY_USER = "微信判定当前账号存在风险，暂时无法登录"

# errcode → (message, retryable, kind)
_KNOWN: dict[int, tuple[str, bool, str]] = {
    40029: (INVALID_CODE, False, "invalid_code"),
    40163: (USED_CODE, False, "invalid_code"),
    45011: (RATE_LIMITED, True, "rate_limited"),
    40226: (RISKY_USER, False, "rejected"),
    -1: (UNAVAILABLE, True, "unavailable"),
}


@dataclass(frozen=True)
class WechatSession:
    openid: str
    session_key: str = field(repr=False)
    unionid: str | None = None


class WechatLoginError(Exception):
    """`str(error)` is for the user; `kind` is one of invalid_code, rate_limited, rejected,
    unavailable; `errcode` is WeChat's (None when WeChat was not reached)."""

    def __init__(self, message: str, *, kind: str, retryable: bool, errcode: int | None = None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.retryable = retryable
        self.errcode = errcode


def _from_wechat(error: WeChatClientException) -> WechatLoginError:
    errcode = error.errcode
    if errcode in _KNOWN:
        message, retryable, kind = _KNOWN[errcode]
        return WechatLoginError(message, kind=kind, retryable=retryable, errcode=errcode)
    if errcode is None:  # HTTP error status from WeChat
        logger.warning("WeChat jscode2session failed at the HTTP level")
    else:  # 40013/40125 and friends: our appid/secret are wrong; the user can do nothing
        logger.error("WeChat jscode2session refused: errcode %s (%s)", errcode, error.errmsg)
    return WechatLoginError(UNAVAILABLE, kind="unavailable", retryable=True, errcode=errcode)


def code_to_session(client: WeChatClient, code: str) -> WechatSession:
    """Exchange a wx.login() code via wechatpy's `wxa.code_to_session` (auth.code2Session)."""
    if not code or len(code) > 256:
        raise WechatLoginError(INVALID_CODE, kind="invalid_code", retryable=False)
    try:
        result = client.wxa.code_to_session(code)
    except WeChatClientException as error:
        raise _from_wechat(error) from None
    except requests.RequestException as error:
        logger.warning("WeChat unreachable for jscode2session: %s", type(error).__name__)
        raise WechatLoginError(UNAVAILABLE, kind="unavailable", retryable=True) from None
    openid = result.get("openid") if isinstance(result, dict) else None
    session_key = result.get("session_key") if isinstance(result, dict) else None
    if not openid or not session_key:
        logger.error("WeChat jscode2session answered without openid/session_key")
        raise WechatLoginError(UNAVAILABLE, kind="unavailable", retryable=True)
    return WechatSession(openid=openid, session_key=session_key, unionid=result.get("unionid") or None)
