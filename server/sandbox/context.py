"""Everything one sandbox instance knows, shared by its endpoints and its Python API."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from server.sandbox.faults import FaultPlan
from server.sandbox.mail.mailbox import Mailbox
from server.sandbox.records import Recorder
from server.sandbox.settings import SandboxSettings
from server.sandbox.tencent_sms.templates import SmsTemplates
from server.sandbox.wechat.official_account_user import OfficialAccountUser
from server.sandbox.wechat.world import WeChatWorld
from server.sandbox.wechat_pay import WeChatPayStandIn


def _now() -> float:
    return time.time()  # looked up at each call, so time-machine moves it


@dataclass
class SandboxContext:
    settings: SandboxSettings
    clock: Callable[[], float] = _now
    recorder: Recorder = field(default_factory=Recorder)
    faults: FaultPlan = field(default_factory=FaultPlan)
    mailbox: Mailbox = field(default_factory=Mailbox)
    sms_templates: SmsTemplates = field(default_factory=SmsTemplates)  # configuration: kept by reset
    wechat: WeChatWorld = field(init=False)
    wechat_pay: WeChatPayStandIn = field(init=False)
    official_account: OfficialAccountUser = field(init=False)

    def __post_init__(self) -> None:
        self.wechat = WeChatWorld(self.settings, self.clock)
        self.wechat_pay = WeChatPayStandIn(self.settings.wechat_pay, self.settings.wechat_appid,
                                           self.clock)
        self.official_account = OfficialAccountUser(self)

    def reset(self) -> None:
        """Back to a fresh start: no tokens, users, codes, grants, followers, tickets, orders, mails,
        faults or records (the official account's callback URL and the SMS templates stay)."""
        self.faults.clear()
        self.mailbox.reset()
        self.wechat.reset()
        self.wechat_pay.reset()
        self.recorder.reset()
