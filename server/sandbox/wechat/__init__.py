"""The WeChat stand-in: one blueprint per WeChat area, all sharing `WeChatWorld`."""
from __future__ import annotations

from flask import Flask

from server.sandbox.wechat import login_api, token_api
from server.sandbox.wechat.world import LoginCode, WeChatWorld


def register(app: Flask) -> None:
    app.register_blueprint(token_api.bp)
    app.register_blueprint(login_api.bp)


__all__ = ["LoginCode", "WeChatWorld", "register"]
