"""The Tencent Cloud SMS stand-in (SendSms, TC3-signed)."""
from __future__ import annotations

from flask import Flask

from server.sandbox.tencent_sms import api


def register(app: Flask) -> None:
    app.register_blueprint(api.bp)
