"""What the endpoint calls for each push: a MessageHandler, given at registration.

Each method returns the text to reply with, or None to say nothing. WeChat waits 5 seconds for
the answer, so a handler reads and decides; anything slow (sending messages, calling WeChat) goes
to the outbox and happens after the reply.
"""
from __future__ import annotations

from typing import Protocol

from server.wechat.official_account.messages import CLICK, EVENT, SCAN, SUBSCRIBE, TEXT, UNSUBSCRIBE, InboundMessage

HELP_TEXT = (
    "您好，这里是新疆建设工程招标投标协会。回复以下关键词查询：\n"
    "进度 — 申报进度和下一步\n"
    "缴费 — 能否缴费、金额和缴费状态\n"
    "通知 — 最新的培训、考试通知\n"
    "咨询 — 各地州市的咨询电话\n"
    "帮助 — 显示本菜单\n"
    "查询本人的申报信息前，请在“评标专家申报”小程序的“我的”页面扫码关注，完成绑定。"
)


class MessageHandler(Protocol):
    def on_text(self, message: InboundMessage) -> str | None: ...

    def on_subscribe(self, message: InboundMessage, scene: str | None) -> str | None:
        """A new follower; `scene` is set when they followed by scanning a parameterised QR code."""

    def on_scan(self, message: InboundMessage, scene: str | None) -> str | None:
        """A follower scanned a parameterised QR code."""

    def on_unsubscribe(self, message: InboundMessage) -> None:
        """WeChat delivers no reply to someone who just left, so there is nothing to return."""

    def on_click(self, message: InboundMessage, key: str) -> str | None:
        """A click on a custom-menu button (its key, see menu.json and menu.MENU_COMMANDS)."""

    def on_other(self, message: InboundMessage) -> str | None:
        """Everything else: images, voice, menu links, template delivery reports, ..."""


class BaseMessageHandler:
    """Says nothing to anything: subclass it and override what you answer."""

    def on_text(self, message: InboundMessage) -> str | None:
        return None

    def on_subscribe(self, message: InboundMessage, scene: str | None) -> str | None:
        return None

    def on_scan(self, message: InboundMessage, scene: str | None) -> str | None:
        return None

    def on_unsubscribe(self, message: InboundMessage) -> None:
        return None

    def on_click(self, message: InboundMessage, key: str) -> str | None:
        return None

    def on_other(self, message: InboundMessage) -> str | None:
        return None


class HelpMenuHandler(BaseMessageHandler):
    """Until the status bot exists: every text, follow, scan and menu click gets the help menu."""

    def on_text(self, message: InboundMessage) -> str | None:
        return HELP_TEXT

    def on_subscribe(self, message: InboundMessage, scene: str | None) -> str | None:
        return HELP_TEXT

    def on_scan(self, message: InboundMessage, scene: str | None) -> str | None:
        return HELP_TEXT

    def on_click(self, message: InboundMessage, key: str) -> str | None:
        return HELP_TEXT


def dispatch(handler: MessageHandler, message: InboundMessage) -> str | None:
    """The handler method for `message`, called; its reply."""
    if message.kind == TEXT:
        return handler.on_text(message)
    if message.kind == EVENT:
        if message.event == SUBSCRIBE:
            return handler.on_subscribe(message, message.scene)
        if message.event == SCAN:
            return handler.on_scan(message, message.scene)
        if message.event == UNSUBSCRIBE:
            handler.on_unsubscribe(message)
            return None
        if message.event == CLICK:
            return handler.on_click(message, message.event_key or "")
    return handler.on_other(message)
