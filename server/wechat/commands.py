"""`flask --app server wechat push-menu`: publish the official account's custom menu."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from server.outside import official_account
from server.wechat.failures import DeliveryFailure
from server.wechat.menu import MENU_FILE, load_menu

wechat_cli = AppGroup("wechat", help="WeChat official account.")


@wechat_cli.command("push-menu")
@click.option("--file", "path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=MENU_FILE, show_default=True, help="菜单定义（JSON）")
def push_menu_command(path: Path) -> None:
    """Replace the official account's custom menu with the definition in `path`."""
    config = current_app.config
    menu = load_menu(config["WECHAT_APPID"], config["PUBLIC_BASE_URL"], path)
    try:
        official_account().push_menu(menu)
    except DeliveryFailure as error:
        raise click.ClickException(f"菜单未更新：{error.reason}") from None
    names = "、".join(button["name"] for button in menu["button"])
    click.echo(f"已更新公众号自定义菜单：{names}（微信客户端几分钟内生效）")
