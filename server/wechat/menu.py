"""The official account's custom menu (自定义菜单): its definition in menu.json and WeChat's rules.

menu.json holds what is ours (names, click keys, the mini-program page); the mini-program's appid
and the page old WeChat clients open instead are filled in from config when it is loaded.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MENU_FILE = Path(__file__).with_name("menu.json")
# menu.json's click keys and the text command each stands for: a CLICK is answered like that text.
MENU_COMMANDS = {"progress": "进度", "payment": "缴费", "notices": "通知", "consult": "咨询",
                 "help": "帮助"}

MAX_BUTTONS, MAX_SUB_BUTTONS = 3, 5
NAME_BYTES, SUB_NAME_BYTES, KEY_BYTES, URL_BYTES = 16, 60, 128, 1024
# The fields each button type needs besides its name (WeChat's 自定义菜单 reference).
REQUIRED_FIELDS = {
    "click": ("key",), "view": ("url",), "miniprogram": ("appid", "pagepath", "url"),
    "scancode_push": ("key",), "scancode_waitmsg": ("key",), "pic_sysphoto": ("key",),
    "pic_photo_or_album": ("key",), "pic_weixin": ("key",), "location_select": ("key",),
    "media_id": ("media_id",), "article_id": ("article_id",), "article_view_limited": ("article_id",),
}


@dataclass(frozen=True)
class MenuProblem:
    errcode: int  # what WeChat's menu/create answers for it
    message: str


def load_menu(miniprogram_appid: str, fallback_url: str, path: Path = MENU_FILE) -> dict[str, Any]:
    """The menu to push: `path` with every miniprogram button given `miniprogram_appid` and
    `fallback_url` (the page a client without mini-program support opens)."""
    menu = json.loads(path.read_text(encoding="utf-8"))
    for button in _all_buttons(menu):
        if button.get("type") == "miniprogram":
            button.setdefault("appid", miniprogram_appid)
            button.setdefault("url", fallback_url)
    return menu


def _all_buttons(menu: dict[str, Any]) -> list[dict[str, Any]]:
    buttons = [b for b in menu.get("button") or [] if isinstance(b, dict)]
    return buttons + [sub for b in buttons for sub in b.get("sub_button") or [] if isinstance(sub, dict)]


def _bytes(value: Any) -> int:
    return len(str(value).encode("utf-8"))


def _button_problems(button: Any, sub: bool) -> list[MenuProblem]:
    # WeChat's codes: 40017/40024 type, 40018/40025 name, 40019/40026 key, 40020/40027 url.
    offset = 7 if sub else 0
    where = "子菜单" if sub else "菜单"
    if not isinstance(button, dict):
        return [MenuProblem(40017 + offset, f"{where}按钮须为对象")]
    name = button.get("name")
    problems = []
    if not isinstance(name, str) or not name or _bytes(name) > (SUB_NAME_BYTES if sub else NAME_BYTES):
        limit = SUB_NAME_BYTES if sub else NAME_BYTES
        problems.append(MenuProblem(40018 + offset, f"{where}名称“{name}”须为1到{limit}个字节"))
    if not sub and "sub_button" in button:
        subs = button["sub_button"]
        if not isinstance(subs, list) or not 1 <= len(subs) <= MAX_SUB_BUTTONS:
            problems.append(MenuProblem(40023, f"“{name}”的子菜单须有1到{MAX_SUB_BUTTONS}个按钮"))
        else:
            problems += [p for s in subs for p in _button_problems(s, sub=True)]
        return problems
    kind = button.get("type")
    if kind not in REQUIRED_FIELDS:
        return problems + [MenuProblem(40017 + offset, f"“{name}”的类型须为 {'、'.join(REQUIRED_FIELDS)} 之一")]
    for field in REQUIRED_FIELDS[kind]:
        if not button.get(field):
            problems.append(MenuProblem(40017 + offset, f"“{name}”（{kind}）缺少 {field}"))
    if "key" in button and _bytes(button["key"]) > KEY_BYTES:
        problems.append(MenuProblem(40019 + offset, f"“{name}”的 key 超过{KEY_BYTES}个字节"))
    if "url" in button and _bytes(button["url"]) > URL_BYTES:
        problems.append(MenuProblem(40020 + offset, f"“{name}”的链接超过{URL_BYTES}个字节"))
    return problems


def menu_problems(menu: Any) -> list[MenuProblem]:
    """Everything WeChat's menu/create would refuse, each with the errcode it would answer."""
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_BUTTONS:
        return [MenuProblem(40016, f"菜单须有1到{MAX_BUTTONS}个一级按钮")]
    return [problem for button in buttons for problem in _button_problems(button, sub=False)]
