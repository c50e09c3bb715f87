"""The configured payment provider as the fee's services use it: its notify URLs and the
Chinese words for its outages."""
from __future__ import annotations

from typing import Literal

from flask import current_app

from server.errors import ServiceUnavailable
from server.outside import payment_provider
from server.payments.providers import PaymentProvider

UNAVAILABLE = "微信支付暂时无法连接，请稍后重试"
NOTIFY_PREFIX = "/wechat/pay"


def provider() -> PaymentProvider:
    return payment_provider()


def notify_path(provider_name: str, kind: Literal["payment", "refund"]) -> str:
    return f"{NOTIFY_PREFIX}/{provider_name}/{kind}"


def notify_url(kind: Literal["payment", "refund"]) -> str:
    """Where WeChat Pay posts this provider's notifications: PUBLIC_BASE_URL + the endpoint."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + notify_path(provider().name, kind)


def unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(UNAVAILABLE)
