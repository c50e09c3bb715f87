"""What the sandbox accepts: the same credentials the app is configured with.

A dev run generates random ones at start and hands the same values to both sides, so nothing
secret is committed and a real credential is never needed (or accepted) locally.
"""
from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field

from server.sandbox.wechat_pay.keys import WeChatPaySettings


def _token(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass(frozen=True)
class SandboxSettings:
    wechat_appid: str
    wechat_secret: str = field(repr=False)
    tencent_secret_id: str
    tencent_secret_key: str = field(repr=False)
    sms_sdk_app_id: str
    mail_username: str
    mail_password: str = field(repr=False)
    access_token_ttl_seconds: int = 7200
    login_code_ttl_seconds: int = 300
    # WeChat keeps a replaced access_token working this long after a new one is issued.
    replaced_token_grace_seconds: int = 300
    # Tencent Cloud refuses X-TC-Timestamp further than this from its clock.
    signature_window_seconds: int = 300
    # WeChat Pay: the merchant's keys and WeChat's, generated fresh (three RSA key pairs).
    wechat_pay: WeChatPaySettings = field(default_factory=WeChatPaySettings.generate, repr=False)

    @classmethod
    def generate(cls) -> "SandboxSettings":
        """Fresh random credentials shaped like the real ones."""
        alnum = string.ascii_letters + string.digits
        return cls(
            wechat_appid="wx" + secrets.token_hex(8),
            wechat_secret=secrets.token_hex(16),
            tencent_secret_id="AKID" + _token(alnum, 32),
            tencent_secret_key=_token(alnum, 32),
            sms_sdk_app_id="14" + _token(string.digits, 8),
            mail_username="sandbox-" + secrets.token_hex(4),
            mail_password=secrets.token_urlsafe(18),
        )
