"""The official account's text bot: the MessageHandler `create_app` gives the callback endpoint.

进度/状态, 缴费, 通知, 咨询 (typed, or the menu's buttons) answer from the bound applicant's own
application; 帮助 and anything else get the menu. Following by one of our binding QR codes (or
scanning one while following) binds the follower and answers with a welcome that says the state;
a follower without one is bound by unionid when WeChat reports one an applicant logged in with.
Leaving unbinds. Everything here reads the database and answers well within WeChat's 5 seconds;
the one WeChat call (user/info, for the unionid) is made only for a follower we cannot place.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable

from server.accounts.models import Account
from server.official_account import binding, replies
from server.outside import official_account
from server.wechat.failures import DeliveryFailure
from server.wechat.official_account import HELP_TEXT, BaseMessageHandler, InboundMessage

logger = logging.getLogger(__name__)

# Typed words → the command; menu.json's click keys are these commands (menu.MENU_COMMANDS).
KEYWORDS = {"进度": "progress", "状态": "progress", "缴费": "payment", "通知": "notices",
            "咨询": "consult", "帮助": "help"}
_NOISE = re.compile(r"[\s，。！？、,.!?：:“”\"'‘’]+")


def command_of(text: str | None) -> str:
    """'进度' / ' 查询进度？' → 'progress'; several keywords or none → 'help'."""
    cleaned = _NOISE.sub("", text or "")
    if cleaned in KEYWORDS:
        return KEYWORDS[cleaned]
    found = {command for word, command in KEYWORDS.items() if word in cleaned}
    return found.pop() if len(found) == 1 else "help"


def _needs_account(answer: Callable[[Account], str]) -> Callable[[Account | None], str]:
    return lambda account: answer(account) if account else replies.BIND_HOWTO


ANSWERS: dict[str, Callable[[Account | None], str]] = {
    "progress": _needs_account(replies.status_text),
    "payment": _needs_account(replies.payment_text),
    "notices": replies.notices_text,
    "consult": replies.consult_text,
    "help": lambda account: HELP_TEXT,
}


class StatusBot(BaseMessageHandler):
    def on_text(self, message: InboundMessage) -> str | None:
        return self._answer(command_of(message.content), message.from_openid)

    def on_click(self, message: InboundMessage, key: str) -> str | None:
        return self._answer(key if key in ANSWERS else "help", message.from_openid)

    def on_subscribe(self, message: InboundMessage, scene: str | None) -> str | None:
        if binding.is_binding_scene(scene):
            return self._scanned(message.from_openid, scene)
        account = binding.account_bound_to(message.from_openid) or self._by_unionid(message.from_openid)
        return replies.welcome_text(account) if account else f"{HELP_TEXT}\n\n{replies.BIND_HOWTO}"

    def on_scan(self, message: InboundMessage, scene: str | None) -> str | None:
        if binding.is_binding_scene(scene):
            return self._scanned(message.from_openid, scene)
        return self._answer("help", message.from_openid)

    def on_unsubscribe(self, message: InboundMessage) -> None:
        binding.unbind(message.from_openid)

    @staticmethod
    def _answer(command: str, openid: str) -> str:
        return ANSWERS[command](binding.account_bound_to(openid))

    @staticmethod
    def _scanned(openid: str, scene: str) -> str:
        result = binding.bind_by_scene(openid, scene)
        if result.account is None or result.expired:
            return replies.QR_EXPIRED
        return replies.welcome_text(result.account)

    @staticmethod
    def _by_unionid(openid: str) -> Account | None:
        try:
            unionid = official_account().follower_unionid(openid)
        except DeliveryFailure as failure:
            logger.warning("official-account follower not placed by unionid: %r", failure)
            return None
        return binding.bind_by_unionid(openid, unionid) if unionid else None
