"""The WeChat side of the sandbox: issued access tokens, mini-program users and their login codes.

Time is read from the sandbox clock (time.time, which time-machine moves), so tests expire tokens
and codes by moving the clock, never by waiting.
"""
from __future__ import annotations

import base64
import secrets
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass

from server.sandbox.settings import SandboxSettings

_ALNUM = string.ascii_letters + string.digits + "-_"

OK = 0
TOKEN_MISSING = 41001
TOKEN_INVALID = 40001
TOKEN_EXPIRED = 42001
CODE_INVALID = 40029
CODE_USED = 40163


@dataclass
class _Token:
    expires_at: float


@dataclass
class MiniProgramUser:
    openid: str
    unionid: str | None
    session_key: str


class LoginCode(str):
    """What wx.login() gives the mini-program: the code itself (a str, so it can go straight into
    a request body), knowing which user it stands for."""

    openid: str
    unionid: str | None

    def __new__(cls, code: str, openid: str, unionid: str | None) -> "LoginCode":
        minted = super().__new__(cls, code)
        minted.openid, minted.unionid = openid, unionid
        return minted

    @property
    def code(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"LoginCode({str(self)!r}, openid={self.openid!r}, unionid={self.unionid!r})"


@dataclass
class _IssuedCode:
    openid: str
    issued_at: float
    used: bool = False


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


class WeChatWorld:
    def __init__(self, settings: SandboxSettings, clock: Callable[[], float]) -> None:
        self._settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._tokens: dict[str, _Token] = {}
            self._users: dict[str, MiniProgramUser] = {}
            self._codes: dict[str, _IssuedCode] = {}
            self.broken_tokens = False

    # -- access tokens -------------------------------------------------------------------

    def issue_token(self) -> tuple[str, int]:
        """A new token; earlier ones keep working only for WeChat's grace period (5 minutes)."""
        token = _random(136)
        ttl = self._settings.access_token_ttl_seconds
        now = self._clock()
        with self._lock:
            if not self.broken_tokens:
                grace_end = now + self._settings.replaced_token_grace_seconds
                for old in self._tokens.values():
                    old.expires_at = min(old.expires_at, grace_end)
                self._tokens[token] = _Token(expires_at=now + ttl)
        return token, ttl

    def check_token(self, token: str | None) -> int:
        if not token:
            return TOKEN_MISSING
        with self._lock:
            issued = self._tokens.get(token)
        if issued is None:
            return TOKEN_INVALID
        if self._clock() >= issued.expires_at:
            return TOKEN_EXPIRED
        return OK

    def invalidate_tokens(self) -> None:
        """Forget every token: the next call with one gets 40001."""
        with self._lock:
            self._tokens.clear()

    def expire_tokens(self) -> None:
        """Every token issued so far now answers 42001."""
        now = self._clock()
        with self._lock:
            for token in self._tokens.values():
                token.expires_at = min(token.expires_at, now)

    def set_broken_tokens(self, enabled: bool) -> None:
        """While on, /cgi-bin/token hands out tokens that every API call rejects with 40001."""
        with self._lock:
            self.broken_tokens = enabled

    # -- mini-program users and wx.login codes ------------------------------------------

    def mint_login_code(self, openid: str | None = None, unionid: str | None = None) -> LoginCode:
        """Play wx.login() for `openid` (a new user when None); `unionid` is set if given."""
        with self._lock:
            user = self._users.get(openid) if openid else None
            if user is None:
                user = MiniProgramUser(openid=openid or "o" + _random(27), unionid=unionid,
                                       session_key="")
                self._users[user.openid] = user
            elif unionid:
                user.unionid = unionid
            code = _random(32)
            self._codes[code] = _IssuedCode(openid=user.openid, issued_at=self._clock())
            return LoginCode(code, user.openid, user.unionid)

    def redeem_code(self, code: str) -> tuple[int, MiniProgramUser | None]:
        """code2Session's rules: a code works once, within its lifetime (5 minutes)."""
        now = self._clock()
        with self._lock:
            issued = self._codes.get(code)
            if issued is None or now - issued.issued_at > self._settings.login_code_ttl_seconds:
                return CODE_INVALID, None
            if issued.used:
                return CODE_USED, None
            issued.used = True
            user = self._users[issued.openid]
            user.session_key = base64.b64encode(secrets.token_bytes(16)).decode("ascii")
            return OK, MiniProgramUser(user.openid, user.unionid, user.session_key)
