"""What the sandbox was sent, kept for tests and the demo to read back (thread-safe)."""
from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from flask import g, has_request_context


@dataclass(frozen=True)
class Call:
    """One HTTP request to a stand-in endpoint (control endpoints are not recorded)."""

    at: float
    method: str
    path: str
    status: int


@dataclass(frozen=True)
class TokenIssue:
    at: float
    appid: str
    access_token: str | None
    errcode: int


@dataclass(frozen=True)
class Code2SessionCall:
    at: float
    appid: str
    js_code: str
    openid: str | None
    errcode: int


@dataclass(frozen=True)
class SmsMessage:
    at: float
    phone: str
    sign_name: str
    template_id: str
    params: tuple[str, ...]
    request_id: str

    @property
    def code(self) -> str | None:
        """The verification-code template's first parameter."""
        return self.params[0] if self.params else None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["params"] = list(self.params)
        data["code"] = self.code
        return data


class Recorder:
    """Records are kept per generation: a request that began before a reset (say, one a fault
    delayed) records nothing when it finishes, so it cannot leak into the next test or demo run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.generation += 1
            self._calls: list[Call] = []
            self._token_issues: list[TokenIssue] = []
            self._code2session: list[Code2SessionCall] = []
            self._sms: list[SmsMessage] = []

    def add(self, record: Call | TokenIssue | Code2SessionCall | SmsMessage) -> None:
        target = {Call: self._calls, TokenIssue: self._token_issues,
                  Code2SessionCall: self._code2session, SmsMessage: self._sms}[type(record)]
        born = g.get("sandbox_generation") if has_request_context() else None
        with self._lock:
            if born is None or born == self.generation:
                target.append(record)

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    @property
    def token_requests(self) -> list[TokenIssue]:
        with self._lock:
            return list(self._token_issues)

    @property
    def code2session_calls(self) -> list[Code2SessionCall]:
        with self._lock:
            return list(self._code2session)

    @property
    def sms_messages(self) -> list[SmsMessage]:
        with self._lock:
            return list(self._sms)

    def as_json(self) -> dict[str, Any]:
        """Everything recorded; WeChat tokens are left out (they are credentials, even fake ones)."""
        return {
            "calls": [asdict(call) for call in self.calls],
            "token_requests": [{**asdict(issue), "access_token": None} for issue in self.token_requests],
            "code2session_calls": [asdict(call) for call in self.code2session_calls],
            "sms": [message.as_json() for message in self.sms_messages],
        }
