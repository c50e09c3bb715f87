"""`flask --app server wechat push-menu`, against the sandbox."""
from __future__ import annotations

import json


def test_push_menu_publishes_the_repositorys_menu_with_the_mini_programs_appid(app, sandbox):
    result = app.test_cli_runner().invoke(args=["wechat", "push-menu"])
    assert result.exit_code == 0, result.output
    assert "已更新公众号自定义菜单：进度、缴费、更多" in result.output
    [created] = sandbox.menus
    [mini] = [sub for b in created.menu["button"] for sub in b.get("sub_button", []) if sub["type"] == "miniprogram"]
    assert mini["appid"] == app.config["WECHAT_APPID"] and mini["url"] == app.config["PUBLIC_BASE_URL"]


def test_a_menu_file_that_breaks_the_rules_is_not_pushed(app, sandbox, tmp_path):
    path = tmp_path / "menu.json"
    path.write_text(json.dumps({"button": [{"type": "click", "name": "进度", "key": "p"}] * 4}), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["wechat", "push-menu", "--file", str(path)])
    assert result.exit_code != 0 and "菜单未更新：菜单须有1到3个一级按钮" in result.output
    assert sandbox.menus == [] and sandbox.calls() == []


def test_wechat_refusing_the_menu_is_reported(app, sandbox):
    sandbox.fail_wechat_next("/cgi-bin/menu/create", 45009)
    result = app.test_cli_runner().invoke(args=["wechat", "push-menu"])
    assert result.exit_code != 0 and "今日调用次数已达上限" in result.output
