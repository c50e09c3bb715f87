"""The WeChat Pay stand-in: API v3 and v2 endpoints, "the user paid", and its page."""
from __future__ import annotations

from flask import Flask

from server.sandbox.wechat_pay import control, v2_api, v3_api
from server.sandbox.wechat_pay.keys import KeyFiles, WeChatPaySettings, write_key_files
from server.sandbox.wechat_pay.notify import NotificationDelivery
from server.sandbox.wechat_pay.stand_in import SandboxPayError, WeChatPayStandIn


def register(app: Flask) -> None:
    app.register_blueprint(v3_api.bp)
    app.register_blueprint(v2_api.bp)
    app.register_blueprint(control.bp)


__all__ = ["KeyFiles", "NotificationDelivery", "SandboxPayError", "WeChatPaySettings",
           "WeChatPayStandIn", "register", "write_key_files"]
