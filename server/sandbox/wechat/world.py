"""The WeChat side of the sandbox: access tokens (per app), mini-program users with their login
codes and subscribe-message grants, the official account's followers, QR-code tickets, and the
callback URL it pushes to.

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

# What the QR code of a ticket says when scanned: WeChat answers http://weixin.qq.com/q/…; the
# stand-in answers under a reserved example domain, so nothing mistakes it for a real code.
QR_CONTENT_PREFIX = "https://weixin.example.cn/q/"

_ALNUM = string.ascii_letters + string.digits + "-_"

OK = 0
TOKEN_MISSING = 41001
TOKEN_INVALID = 40001
TOKEN_EXPIRED = 42001
CODE_INVALID = 40029
CODE_USED = 40163


@dataclass
class _Token:
    appid: str
    expires_at: float


@dataclass(frozen=True)
class QrTicket:
    ticket: str
    scene: str
    url: str  # what the code encodes
    created_at: float
    expires_at: float | None  # None: a permanent code


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
        # Where the official account pushes to: configuration, so a reset keeps it.
        self.official_account_url: str | None = None
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._tokens: dict[str, _Token] = {}
            self._users: dict[str, MiniProgramUser] = {}
            self._codes: dict[str, _IssuedCode] = {}
            self.broken_tokens = False
            self._grants: dict[tuple[str, str], int] = {}
            self._followers: dict[str, str | None] = {}  # openid → unionid
            self._tickets: dict[str, QrTicket] = {}
            self._template_sends: dict[tuple[str, str], tuple[float, int]] = {}

    # -- access tokens -------------------------------------------------------------------

    def issue_token(self, appid: str) -> tuple[str, int]:
        """A new token for `appid`; its earlier ones keep working only for WeChat's grace period
        (5 minutes)."""
        token = _random(136)
        ttl = self._settings.access_token_ttl_seconds
        now = self._clock()
        with self._lock:
            if not self.broken_tokens:
                grace_end = now + self._settings.replaced_token_grace_seconds
                for old in self._tokens.values():
                    if old.appid == appid:
                        old.expires_at = min(old.expires_at, grace_end)
                self._tokens[token] = _Token(appid=appid, expires_at=now + ttl)
        return token, ttl

    def check_token(self, token: str | None, appid: str | None = None) -> int:
        """OK, or WeChat's errcode; with `appid`, a token of the other app is invalid (40001)."""
        if not token:
            return TOKEN_MISSING
        with self._lock:
            issued = self._tokens.get(token)
        if issued is None or (appid is not None and issued.appid != appid):
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

    def is_mini_program_user(self, openid: str) -> bool:
        with self._lock:
            return openid in self._users or any(user == openid for user, _ in self._grants)

    # -- subscribe-message grants (wx.requestSubscribeMessage accepted) ---------------------

    def grant_subscription(self, openid: str, template_id: str, times: int = 1) -> int:
        """The user accepted `times` more messages of `template_id`; returns how many they hold."""
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            held = self._grants.get((openid, template_id), 0) + times
            self._grants[(openid, template_id)] = held
            return held

    def spend_grant(self, openid: str, template_id: str) -> bool:
        """One grant used by a message; False when the user holds none (WeChat's 43101)."""
        with self._lock:
            held = self._grants.get((openid, template_id), 0)
            if held < 1:
                return False
            self._grants[(openid, template_id)] = held - 1
            return True

    def grants(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return {key: held for key, held in self._grants.items() if held}

    # -- the official account: followers, QR tickets, template sends -----------------------

    def new_follower_openid(self) -> str:
        return "o" + _random(27)

    def follow(self, openid: str, unionid: str | None = None) -> None:
        """`openid` follows; `unionid` when the official account and the mini-program share an
        Open Platform account (user/info then reports it). Following again keeps a known one."""
        with self._lock:
            self._followers[openid] = unionid or self._followers.get(openid)

    def unfollow(self, openid: str) -> None:
        with self._lock:
            self._followers.pop(openid, None)

    def follower_unionid(self, openid: str) -> str | None:
        with self._lock:
            return self._followers.get(openid)

    def is_follower(self, openid: str) -> bool:
        with self._lock:
            return openid in self._followers

    def followers(self) -> list[str]:
        with self._lock:
            return sorted(self._followers)

    def create_ticket(self, scene: str, expire_seconds: int | None) -> QrTicket:
        now = self._clock()
        ticket = QrTicket(ticket="gQ" + _random(94), scene=scene,
                          url=QR_CONTENT_PREFIX + _random(22), created_at=now,
                          expires_at=None if expire_seconds is None else now + expire_seconds)
        with self._lock:
            self._tickets[ticket.ticket] = ticket
        return ticket

    def live_ticket(self, ticket: str) -> QrTicket | None:
        """The ticket, unless unknown or expired (by the sandbox clock)."""
        with self._lock:
            found = self._tickets.get(ticket)
        if found is None or (found.expires_at is not None and self._clock() >= found.expires_at):
            return None
        return found

    def tickets(self) -> list[QrTicket]:
        """Every ticket issued, newest first."""
        with self._lock:
            return sorted(self._tickets.values(), key=lambda t: t.created_at, reverse=True)

    def new_msg_id(self) -> int:
        """A 64-bit message id like WeChat's MsgId / msgid."""
        return secrets.randbits(62) + (1 << 62)

    def template_send(self, openid: str, client_msg_id: str | None, window_seconds: int) -> tuple[int, bool]:
        """The msgid for a template message, and whether it is new: WeChat sends one message
        per (openid, client_msg_id) within `window_seconds`."""
        now = self._clock()
        with self._lock:
            if client_msg_id:
                earlier = self._template_sends.get((openid, client_msg_id))
                if earlier is not None and now - earlier[0] < window_seconds:
                    return earlier[1], False
            msgid = self.new_msg_id()
            if client_msg_id:
                self._template_sends[(openid, client_msg_id)] = (now, msgid)
            return msgid, True
