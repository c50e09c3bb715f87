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
    # The official account: its appid/secret (API calls), original id (ToUserName of its pushes),
    # and the token and EncodingAESKey it shares with our callback URL.
    oa_appid: str
    oa_secret: str = field(repr=False)
    oa_original_id: str
    oa_token: str = field(repr=False)
    oa_encoding_aes_key: str = field(repr=False)
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
            oa_appid="wx" + secrets.token_hex(8),
            oa_secret=secrets.token_hex(16),
            oa_original_id="gh_" + secrets.token_hex(6),
            oa_token=_token(alnum, 32),
            oa_encoding_aes_key=_token(alnum, 43),
        )

    def app_secrets(self) -> dict[str, str]:
        """appid → secret of the two WeChat apps the sandbox plays: mini-program, official account."""
        return {self.wechat_appid: self.wechat_secret, self.oa_appid: self.oa_secret}
