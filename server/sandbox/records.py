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


@dataclass(frozen=True)
class SubscribeMessageSent:
    """subscribeMessage.send accepted: one mini-program subscribe message delivered."""

    at: float
    touser: str
    template_id: str
    data: dict[str, str]  # key → value
    page: str | None
    miniprogram_state: str
    lang: str

    def as_json(self) -> dict[str, Any]:
        return {"channel": "subscribe", **asdict(self)}


@dataclass(frozen=True)
class TemplateMessageSent:
    """message/template/send accepted: one official-account template message delivered."""

    at: float
    touser: str
    template_id: str
    data: dict[str, str]
    url: str | None
    miniprogram: dict[str, str] | None
    msgid: int
    client_msg_id: str | None

    def as_json(self) -> dict[str, Any]:
        return {"channel": "template", **asdict(self)}


@dataclass(frozen=True)
class QrCodeCreated:
    at: float
    ticket: str
    scene: str
    action_name: str
    expire_seconds: int | None


@dataclass(frozen=True)
class MenuCreated:
    at: float
    menu: dict[str, Any]


@dataclass(frozen=True)
class OfficialAccountPush:
    """One push the sandbox, playing WeChat, made to our callback URL, and what came back."""

    at: float
    url: str
    openid: str
    fields: dict[str, Any]  # the message as WeChat sends it, before any encryption
    mode: str  # "safe" or "plain"
    format: str  # "xml" or "json"
    status: int | None  # None: no answer within WeChat's 5 seconds, or no connection
    body: str  # the raw answer
    reply: dict[str, Any] | None  # the answer's message, decrypted; None for "success"/empty
    error: str | None  # what WeChat would object to (bad signature, no answer, ...), in Chinese

    @property
    def reply_text(self) -> str | None:
        return self.reply.get("Content") if self.reply else None

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "reply_text": self.reply_text}


Record = (Call | TokenIssue | Code2SessionCall | SmsMessage | SubscribeMessageSent | TemplateMessageSent
          | QrCodeCreated | MenuCreated | OfficialAccountPush)
RECORD_TYPES = (Call, TokenIssue, Code2SessionCall, SmsMessage, SubscribeMessageSent,
                TemplateMessageSent, QrCodeCreated, MenuCreated, OfficialAccountPush)


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
            self._records: dict[type, list[Any]] = {kind: [] for kind in RECORD_TYPES}
            self._messages: list[SubscribeMessageSent | TemplateMessageSent] = []

    def add(self, record: Record) -> None:
        born = g.get("sandbox_generation") if has_request_context() else None
        with self._lock:
            if born is None or born == self.generation:
                self._records[type(record)].append(record)
                if isinstance(record, (SubscribeMessageSent, TemplateMessageSent)):
                    self._messages.append(record)

    def of(self, kind: type) -> list[Any]:
        """Every record of `kind`, oldest first."""
        with self._lock:
            return list(self._records[kind])

    @property
    def calls(self) -> list[Call]:
        return self.of(Call)

    @property
    def token_requests(self) -> list[TokenIssue]:
        return self.of(TokenIssue)

    @property
    def code2session_calls(self) -> list[Code2SessionCall]:
        return self.of(Code2SessionCall)

    @property
    def sms_messages(self) -> list[SmsMessage]:
        return self.of(SmsMessage)

    @property
    def wechat_messages(self) -> list[SubscribeMessageSent | TemplateMessageSent]:
        """Subscribe and template messages together, in the order they were sent."""
        with self._lock:
            return list(self._messages)

    def as_json(self) -> dict[str, Any]:
        """Everything recorded; WeChat tokens are left out (they are credentials, even fake ones)."""
        return {
            "calls": [asdict(call) for call in self.calls],
            "token_requests": [{**asdict(issue), "access_token": None} for issue in self.token_requests],
            "code2session_calls": [asdict(call) for call in self.code2session_calls],
            "sms": [message.as_json() for message in self.sms_messages],
            "wechat_messages": [message.as_json() for message in self.wechat_messages],
            "qr_codes": [asdict(created) for created in self.of(QrCodeCreated)],
            "menus": [asdict(created) for created in self.of(MenuCreated)],
            "official_account_pushes": [push.as_json() for push in self.of(OfficialAccountPush)],
        }
