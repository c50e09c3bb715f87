"""The custom menu in menu.json, and WeChat's rules for menus (3 buttons, 5 sub-buttons, lengths)."""
from __future__ import annotations

import json

from server.wechat.menu import MENU_COMMANDS, MENU_FILE, load_menu, menu_problems


def _buttons(menu):
    return [sub for button in menu["button"] for sub in [button, *button.get("sub_button", [])]]


def test_the_repository_menu_keeps_wechats_rules():
    menu = load_menu("wx0123456789abcdef", "https://example.org/")
    assert menu_problems(menu) == []


def test_it_offers_progress_payment_notices_as_clicks_and_a_way_into_the_mini_program():
    buttons = _buttons(load_menu("wx0123456789abcdef", "https://example.org/"))
    clicks = {button["name"]: button["key"] for button in buttons if button.get("type") == "click"}
    assert {"进度", "缴费", "通知"} <= clicks.keys()
    assert all(key in MENU_COMMANDS for key in clicks.values())
    [mini] = [button for button in buttons if button.get("type") == "miniprogram"]
    assert (mini["appid"], mini["url"], mini["pagepath"]) == (
        "wx0123456789abcdef", "https://example.org/", "pages/home/index")


def test_names_fit_what_wechat_shows_without_cutting():
    # WeChat shows 4 characters of a top-level name and 8 of a sub-menu name, then "...".
    menu = load_menu("wx", "https://example.org/")
    assert all(len(button["name"]) <= 4 for button in menu["button"])
    assert all(len(sub["name"]) <= 8 for button in menu["button"] for sub in button.get("sub_button", []))


def test_the_page_exists_in_the_mini_program():
    app = json.loads((MENU_FILE.parent.parent.parent / "wxapp" / "miniprogram" / "app.json").read_text())
    pages = [b["pagepath"] for b in _buttons(load_menu("wx", "u")) if b.get("type") == "miniprogram"]
    assert all(page in app["pages"] for page in pages)


def test_too_many_buttons_and_long_names_get_wechats_errcodes():
    click = {"type": "click", "name": "进度", "key": "progress"}
    assert [p.errcode for p in menu_problems({"button": [click] * 4})] == [40016]
    assert [p.errcode for p in menu_problems({"button": [{"name": "更多", "sub_button": [click] * 6}]})] == [40023]
    assert [p.errcode for p in menu_problems({"button": [{**click, "name": "六个汉字太长"}]})] == [40018]
    assert [p.errcode for p in menu_problems({"button": [{**click, "key": "k" * 129}]})] == [40019]


def test_a_button_needs_a_known_type_and_its_fields():
    problems = menu_problems({"button": [{"type": "miniprogram", "name": "小程序", "pagepath": "p"},
                                         {"type": "teleport", "name": "传送"}]})
    assert [p.errcode for p in problems] == [40017, 40017, 40017]
    assert "缺少 appid" in problems[0].message and "类型须为" in problems[2].message
