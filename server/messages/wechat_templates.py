"""The WeChat templates the applicant's messages use, by name: a kind's `options`.

Each name stands for one template chosen in WeChat's console, its id in config (subscribe:
WECHAT_SUBSCRIBE_TEMPLATE_IDS, official account: WECHAT_OA_TEMPLATE_IDS); the kind's texts
(subscribe.txt, template.txt) fill that template's fields. `page` is where a card opens.

| name | subscribe message (mini-program) | template message (official account) |
| --- | --- | --- |
| review_result | thing1 事项, phrase2 结果, thing3 说明, thing4 下一步, time5 截止时间 | the same |
| payment | thing1 缴费项目, amount2 金额, time3 截止时间, thing4 提示 | the same |
| deadline | — (asking for it would spend the grant the result needs) | thing1 事项, time2 截止时间, thing3 下一步 |
| notice | thing1 通知, time2 发布时间, thing3 提示 | the same |
"""
from __future__ import annotations

from typing import Any

APPLICATION_PAGE, HOME_PAGE = "pages/application/index", "pages/home/index"

_OPTIONS: dict[str, dict[str, Any]] = {
    "review_result": {"subscribe": "review_result", "template": "review_result", "page": APPLICATION_PAGE},
    "payment": {"subscribe": "payment", "template": "payment", "page": APPLICATION_PAGE},
    "deadline": {"template": "deadline", "page": APPLICATION_PAGE},
    "notice": {"subscribe": "notice", "template": "notice", "page": HOME_PAGE},
}


def wechat_options(name: str) -> dict[str, Any]:
    """A kind's options for the templates called `name` (a copy: kinds are frozen)."""
    return dict(_OPTIONS[name])
