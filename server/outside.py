"""The app's handles on outside systems (WeChat, WeChat Pay, SMS, mail), built once per app from its config.

Config decides whether they reach the real services or the local sandbox; nothing else does.
"""
from __future__ import annotations

import threading

import redis
from flask import current_app

from server.errors import InvalidInput, ServiceUnavailable, TooManyRequests
from server.mail import MailSender, build_mail_sender
from server.payments.providers import PaymentProvider, build_payment_provider
from server.sms import SmsDeliveryError, SmsNotifier, SmsSender, TencentSmsSender, build_sms_sender
from server.wechat import WechatLoginError, WechatSession, code_to_session, make_wechat_client
from server.wechat.channels import OfficialAccountChannel, SubscribeMessageChannel
from server.wechat.official_account import CallbackProtocol, MemorySeenStore, RedisSeenStore, SeenStore

# Built once even when the sender's threads ask at the same time (reentrant: a handle's build may
# ask for another, as subscribe_messages asks for wechat_client).
_building = threading.RLock()


def _cached(name: str, build):
    extensions = current_app.extensions
    if name not in extensions:
        with _building:
            if name not in extensions:
                extensions[name] = build()
    return extensions[name]


def wechat_client():
    config = current_app.config
    return _cached("wechat_client", lambda: make_wechat_client(
        config["WECHAT_APPID"], config["WECHAT_SECRET"], api_base_url=config["WECHAT_API_BASE_URL"],
        redis_url=config["REDIS_URL"], timeout=config["WECHAT_TIMEOUT_SECONDS"],
        redis_key_prefix=f"{config['REDIS_KEY_PREFIX']}:wechat"))


def payment_provider() -> PaymentProvider:
    """The configured WeChat Pay provider (PAYMENT_PROVIDER); its errors are the domain's to map."""
    return _cached("payment_provider", lambda: build_payment_provider(current_app.config))
def official_account_client():
    """The official account's own client: another appid, so another access token."""
    config = current_app.config
    return _cached("wechat_oa_client", lambda: make_wechat_client(
        config["WECHAT_OA_APPID"], config["WECHAT_OA_SECRET"],
        api_base_url=config["WECHAT_API_BASE_URL"], redis_url=config["REDIS_URL"],
        timeout=config["WECHAT_TIMEOUT_SECONDS"], redis_key_prefix=f"{config['REDIS_KEY_PREFIX']}:wechat"))


def subscribe_messages() -> SubscribeMessageChannel:
    """Mini-program subscribe messages (the mini-program's client)."""
    return _cached("wechat_subscribe_messages", lambda: SubscribeMessageChannel(
        wechat_client(), miniprogram_state=current_app.config["WECHAT_MINIPROGRAM_STATE"]))


def official_account() -> OfficialAccountChannel:
    """Template messages, binding QR codes and the menu (the official account's client)."""
    return _cached("wechat_official_account", lambda: OfficialAccountChannel(official_account_client()))


def official_account_protocol() -> CallbackProtocol | None:
    """The callback protocol for the configured official account; None when it has no token
    (without one, anybody could sign a push)."""
    config = current_app.config
    if not config["WECHAT_OA_TOKEN"]:
        return None
    return _cached("wechat_oa_protocol", lambda: CallbackProtocol(
        config["WECHAT_OA_TOKEN"], config["WECHAT_OA_APPID"], config["WECHAT_OA_ENCODING_AES_KEY"]))


def official_account_seen_store() -> SeenStore:
    """Which pushes were handled already: in Redis when configured (every worker sees it)."""
    config = current_app.config

    def build() -> SeenStore:
        if not config["REDIS_URL"]:
            return MemorySeenStore()
        timeout = config["WECHAT_TIMEOUT_SECONDS"]
        return RedisSeenStore(redis.Redis.from_url(config["REDIS_URL"], socket_timeout=timeout,
                                                   socket_connect_timeout=timeout))
    return _cached("wechat_oa_seen", build)


def _tencent_sms() -> TencentSmsSender:
    config = current_app.config
    return _cached("tencent_sms", lambda: build_sms_sender(
        secret_id=config["SMS_SECRET_ID"], secret_key=config["SMS_SECRET_KEY"],
        sdk_app_id=config["SMS_SDK_APP_ID"], sign_name=config["SMS_SIGN_NAME"],
        template_id=config["SMS_TEMPLATE_ID"], region=config["SMS_REGION"],
        endpoint=config["SMS_ENDPOINT"], timeout=config["SMS_TIMEOUT_SECONDS"]))


def sms_sender() -> SmsSender:
    """Verification codes; a failure is a 503 with a message for the user."""
    return _cached("sms_sender", lambda: _RaisingDomainErrors(_tencent_sms()))


def notification_sms() -> SmsNotifier:
    """Notification templates for the outbox; its SmsDeliveryErrors stay (retryable or not)."""
    return _tencent_sms()


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
