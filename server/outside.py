"""The app's handles on outside systems (WeChat, WeChat Pay, SMS, mail), built once per app from its config.

Config decides whether they reach the real services or the local sandbox; nothing else does.
"""
from __future__ import annotations

from flask import current_app

from server.errors import InvalidInput, ServiceUnavailable, TooManyRequests
from server.mail import MailSender, build_mail_sender
from server.payments.providers import PaymentProvider, build_payment_provider
from server.sms import SmsDeliveryError, SmsSender, build_sms_sender
from server.wechat import WechatLoginError, WechatSession, code_to_session, make_wechat_client


def _cached(name: str, build):
    extensions = current_app.extensions
    if name not in extensions:
        extensions[name] = build()
    return extensions[name]


def wechat_client():
    config = current_app.config
    return _cached("wechat_client", lambda: make_wechat_client(
        config["WECHAT_APPID"], config["WECHAT_SECRET"], api_base_url=config["WECHAT_API_BASE_URL"],
        redis_url=config["REDIS_URL"], timeout=config["WECHAT_TIMEOUT_SECONDS"]))


def payment_provider() -> PaymentProvider:
    """The configured WeChat Pay provider (PAYMENT_PROVIDER); its errors are the domain's to map."""
    return _cached("payment_provider", lambda: build_payment_provider(current_app.config))


def sms_sender() -> SmsSender:
    config = current_app.config
    return _cached("sms_sender", lambda: _RaisingDomainErrors(build_sms_sender(
        secret_id=config["SMS_SECRET_ID"], secret_key=config["SMS_SECRET_KEY"],
        sdk_app_id=config["SMS_SDK_APP_ID"], sign_name=config["SMS_SIGN_NAME"],
        template_id=config["SMS_TEMPLATE_ID"], region=config["SMS_REGION"],
        endpoint=config["SMS_ENDPOINT"])))


def mail_sender() -> MailSender:
    """SMTP per MAIL_*; its errors stay MailDeliveryErrors (temporary or permanent) for the outbox."""
    config = current_app.config
    return _cached("mail_sender", lambda: build_mail_sender(
        host=config["MAIL_HOST"], port=config["MAIL_PORT"], security=config["MAIL_SECURITY"],
        username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"],
        sender=config["MAIL_FROM"], timeout=config["MAIL_TIMEOUT_SECONDS"]))


class _RaisingDomainErrors:
    """A delivery failure becomes a 503 with the provider-neutral Chinese message."""

    def __init__(self, sender: SmsSender) -> None:
        self._sender = sender

    def send_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        try:
            self._sender.send_code(phone, code, ttl_minutes)
        except SmsDeliveryError as error:
            raise ServiceUnavailable(str(error) or "短信发送失败，请稍后重试") from None


def wechat_login(code: str) -> WechatSession:
    try:
        return code_to_session(wechat_client(), code)
    except WechatLoginError as error:
        if error.kind == "rate_limited":
            raise TooManyRequests(error.message, 60) from None
        if error.kind == "unavailable":
            raise ServiceUnavailable(error.message) from None
        raise InvalidInput.field("code", error.message) from None
