"""The ways we reach a person through WeChat, each a small adapter over wechatpy's client.

- `SubscribeMessageChannel` (the mini-program's client): one subscribe message per grant.
- `OfficialAccountChannel` (the official account's client): template messages, the temporary QR
  codes that bind an official-account follower to an account, and the custom menu.

Each call either returns or raises a DeliveryFailure (failures.py): TemporaryFailure to retry,
PermanentFailure to give up on this channel. Values WeChat would refuse are refused here first,
before any request, with a reason that names the field.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from server.wechat.client import SharedTokenWeChatClient
from server.wechat.failures import GARBAGE, TIMEOUT, UNREACHABLE, PermanentFailure, TemporaryFailure, call_wechat
from server.wechat.menu import menu_problems
from server.wechat.template_fields import FieldProblem, subscribe_data_problems, template_data_problems

MINIPROGRAM_STATES = ("formal", "trial", "developer")
LANGUAGES = ("zh_CN", "zh_HK", "zh_TW", "en_US")
# QR_STR_SCENE: a scene of 1-64 characters; a temporary code lives 60 s to 30 days.
MAX_SCENE_LENGTH = 64
MIN_QR_SECONDS, MAX_QR_SECONDS = 60, 30 * 24 * 3600
DEFAULT_QR_SECONDS = 30 * 60


def _refuse(problems: list[FieldProblem]) -> None:
    if problems:
        raise PermanentFailure("；".join(problem.message for problem in problems))


def _wire_data(data: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """{key: value} → WeChat's {key: {"value": value}}."""
    return {key: {"value": value} for key, value in data.items()}


@dataclass(frozen=True)
class SubscribeMessage:
    touser: str  # the mini-program openid
    template_id: str
    data: Mapping[str, str]  # {"thing1": "资格审核结果", "phrase2": "已通过", ...}
    page: str | None = None  # a page of the mini-program, e.g. "pages/application/index?id=3"


class SubscribeMessageChannel:
    """subscribeMessage.send. `miniprogram_state` is where the card opens: formal (the released
    mini-program), trial or developer."""

    def __init__(self, client: SharedTokenWeChatClient, *, miniprogram_state: str = "formal",
                 lang: str = "zh_CN") -> None:
        if miniprogram_state not in MINIPROGRAM_STATES:
            raise ValueError(f"miniprogram_state must be one of {MINIPROGRAM_STATES}")
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}")
        self._client = client
        self._state, self._lang = miniprogram_state, lang

    def send(self, message: SubscribeMessage) -> None:
        _refuse(_addressing_problems(message.touser, message.template_id)
                + subscribe_data_problems(message.data))
        body: dict[str, Any] = {"touser": message.touser, "template_id": message.template_id,
                                "data": _wire_data(message.data), "miniprogram_state": self._state,
                                "lang": self._lang}
        if message.page:
            body["page"] = message.page
        call_wechat("subscribeMessage.send",
                    lambda: self._client.post("message/subscribe/send", data=body))


@dataclass(frozen=True)
class MiniProgramLink:
    appid: str
    pagepath: str


@dataclass(frozen=True)
class TemplateMessage:
    touser: str  # the official-account openid
    template_id: str
    data: Mapping[str, str]
    url: str | None = None  # a web page the card opens (ignored when `miniprogram` is given)
    miniprogram: MiniProgramLink | None = None
    # WeChat sends one message per (touser, client_msg_id) within 10 minutes: give the outbox key.
    client_msg_id: str | None = None


@dataclass(frozen=True)
class BindingQrCode:
    ticket: str
    url: str  # what the QR code encodes
    expire_seconds: int
    image_url: str = field(repr=False)  # the image (showqrcode), as this deployment reaches it


class OfficialAccountChannel:
    """The official account's outbound calls, over its own client (its appid and secret)."""

    def __init__(self, client: SharedTokenWeChatClient) -> None:
        self._client = client

    def send_template(self, message: TemplateMessage) -> int | None:
        """message/template/send; returns WeChat's msgid (its delivery report, the
        TEMPLATESENDJOBFINISH event, carries the same id as MsgID)."""
        _refuse(_addressing_problems(message.touser, message.template_id)
                + template_data_problems(message.data))
        body: dict[str, Any] = {"touser": message.touser, "template_id": message.template_id,
                                "data": _wire_data(message.data)}
        if message.url:
            body["url"] = message.url
        if message.miniprogram:
            body["miniprogram"] = {"appid": message.miniprogram.appid,
                                   "pagepath": message.miniprogram.pagepath}
        if message.client_msg_id:
            body["client_msg_id"] = message.client_msg_id
        result = call_wechat("template message",
                             lambda: self._client.post("message/template/send", data=body))
        return result.get("msgid")

    def create_binding_qr(self, scene: str, expire_seconds: int = DEFAULT_QR_SECONDS) -> BindingQrCode:
        """A temporary QR code whose scan tells us `scene`: a subscribe event with EventKey
        `qrscene_<scene>` from a new follower, a SCAN event with EventKey `<scene>` from a follower.
        Anyone who scans it is told the scene, so make it unguessable and short-lived."""
        if not scene or len(scene) > MAX_SCENE_LENGTH:
            raise PermanentFailure(f"二维码场景值须为1到{MAX_SCENE_LENGTH}个字符")
        if not MIN_QR_SECONDS <= expire_seconds <= MAX_QR_SECONDS:
            raise PermanentFailure(f"二维码有效期须为{MIN_QR_SECONDS}到{MAX_QR_SECONDS}秒")
        body = {"expire_seconds": expire_seconds, "action_name": "QR_STR_SCENE",
                "action_info": {"scene": {"scene_str": scene}}}
        result = call_wechat("qrcode/create", lambda: self._client.qrcode.create(body))
        ticket, url = result.get("ticket"), result.get("url")
        if not ticket or not url:
            raise TemporaryFailure(GARBAGE)
        image_url = self._client.wechat_url(self._client.qrcode.get_url(ticket))
        return BindingQrCode(ticket=ticket, url=url, image_url=image_url,
                             expire_seconds=int(result.get("expire_seconds", expire_seconds)))

    def qr_image(self, ticket: str) -> bytes:
        """The QR code's image (showqrcode), e.g. to serve it from our own domain."""
        try:
            response = self._client.download(self._client.qrcode.get_url(ticket))
        except requests.Timeout:
            raise TemporaryFailure(TIMEOUT) from None
        except requests.RequestException:
            raise TemporaryFailure(UNREACHABLE) from None
        if response.status_code in (400, 404):
            raise PermanentFailure("二维码 ticket 无效或已过期")
        if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith("image/"):
            raise TemporaryFailure(GARBAGE)
        return response.content

    def follower_unionid(self, openid: str) -> str | None:
        """user/info: the follower's unionid, which WeChat gives only when the official account
        and the mini-program are bound to one Open Platform account (None otherwise, or when
        `openid` does not follow)."""
        result = call_wechat("user/info", lambda: self._client.user.get(openid))
        return result.get("unionid") or None

    def push_menu(self, menu: dict[str, Any]) -> None:
        """menu/create: replaces the whole custom menu (WeChat shows it within minutes)."""
        problems = menu_problems(menu)
        if problems:
            raise PermanentFailure("；".join(problem.message for problem in problems))
        call_wechat("menu/create", lambda: self._client.menu.create(menu))


def _addressing_problems(touser: str, template_id: str) -> list[FieldProblem]:
    problems = []
    if not touser:
        problems.append(FieldProblem("touser", "接收者 openid 不能为空"))
    if not template_id:
        problems.append(FieldProblem("template_id", "模板 ID 不能为空"))
    return problems
