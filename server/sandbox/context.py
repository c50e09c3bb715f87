"""Everything one sandbox instance knows, shared by its endpoints and its Python API."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from server.sandbox.faults import FaultPlan
from server.sandbox.records import Recorder
from server.sandbox.settings import SandboxSettings
from server.sandbox.wechat.official_account_user import OfficialAccountUser
from server.sandbox.wechat.world import WeChatWorld


def _now() -> float:
    return time.time()  # looked up at each call, so time-machine moves it


@dataclass
class SandboxContext:
    settings: SandboxSettings
    clock: Callable[[], float] = _now
    recorder: Recorder = field(default_factory=Recorder)
    faults: FaultPlan = field(default_factory=FaultPlan)
    wechat: WeChatWorld = field(init=False)
    official_account: OfficialAccountUser = field(init=False)

    def __post_init__(self) -> None:
        self.wechat = WeChatWorld(self.settings, self.clock)
        self.official_account = OfficialAccountUser(self)

    def reset(self) -> None:
        """Back to a fresh start: no tokens, users, codes, grants, followers, tickets, faults or
        records (the official account's callback URL stays)."""
        self.faults.clear()
        self.wechat.reset()
        self.recorder.reset()
