"""The WeChat stand-in: one blueprint per WeChat area, all sharing `WeChatWorld`, plus the
controls and pages that play the user's side."""
from __future__ import annotations

from flask import Flask

from server.sandbox.wechat import (
    control_api,
    login_api,
    menu_api,
    message_api,
    pages,
    qrcode_api,
    token_api,
    user_api,
)
from server.sandbox.wechat.world import LoginCode, WeChatWorld


def register(app: Flask) -> None:
    for blueprint in (token_api.bp, login_api.bp, message_api.bp, qrcode_api.bp, menu_api.bp,
                      user_api.bp, control_api.bp, pages.bp):
        app.register_blueprint(blueprint)


__all__ = ["LoginCode", "WeChatWorld", "register"]
