"""Build the configured PaymentProvider from the app's config mapping (see server/config.py).

Keys and certificates are read from the files the config names; a missing setting fails here, by
name, rather than as a signature error on the first payment.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from server.payments.providers.base import PaymentProvider
from server.payments.providers.wechat_v2 import WeChatPayV2
from server.payments.providers.wechat_v3 import WeChatPayV3

PROVIDERS = ("wechat_v3", "wechat_v2")


def build_payment_provider(config: Mapping[str, Any]) -> PaymentProvider:
    """`PAYMENT_PROVIDER` = wechat_v3 (default) | wechat_v2, with its WECHAT_PAY_* settings."""
    name = config.get("PAYMENT_PROVIDER") or "wechat_v3"
    if name not in PROVIDERS:
        raise ValueError(f"PAYMENT_PROVIDER must be one of {', '.join(PROVIDERS)}, not {name!r}")
    common = {"mch_id": _required(config, "WECHAT_PAY_MCH_ID"),
              "app_id": _required(config, "WECHAT_PAY_APP_ID"),
              "api_base_url": config.get("WECHAT_PAY_API_BASE_URL") or None,
              "timeout": float(config.get("WECHAT_PAY_TIMEOUT_SECONDS") or 5)}
    return _v3(config, common) if name == "wechat_v3" else _v2(config, common)


def _v3(config: Mapping[str, Any], common: dict[str, Any]) -> WeChatPayV3:
    public_key_path = config.get("WECHAT_PAY_PUBLIC_KEY_PATH")
    cert_dir = config.get("WECHAT_PAY_PLATFORM_CERT_DIR")
    if not public_key_path and not cert_dir:
        raise ValueError("WeChat Pay v3 needs WECHAT_PAY_PUBLIC_KEY_PATH and "
                         "WECHAT_PAY_PUBLIC_KEY_ID, or WECHAT_PAY_PLATFORM_CERT_DIR")
    # The public key, when given, is the merchant's current mode; certificates are the older one.
    return WeChatPayV3(
        **common, api_v3_key=_required(config, "WECHAT_PAY_API_V3_KEY"),
        private_key_pem=_read(_required(config, "WECHAT_PAY_PRIVATE_KEY_PATH")),
        cert_serial=_required(config, "WECHAT_PAY_CERT_SERIAL"),
        public_key_pem=_read(public_key_path) if public_key_path else None,
        public_key_id=_required(config, "WECHAT_PAY_PUBLIC_KEY_ID") if public_key_path else None,
        platform_cert_dir=None if public_key_path else str(cert_dir))


def _v2(config: Mapping[str, Any], common: dict[str, Any]) -> WeChatPayV2:
    cert, key = config.get("WECHAT_PAY_CLIENT_CERT_PATH"), config.get("WECHAT_PAY_CLIENT_KEY_PATH")
    if bool(cert) != bool(key):
        raise ValueError("WECHAT_PAY_CLIENT_CERT_PATH and WECHAT_PAY_CLIENT_KEY_PATH go together")
    if not cert and not common["api_base_url"]:
        raise ValueError("WeChat Pay v2 refunds need WECHAT_PAY_CLIENT_CERT_PATH and "
                         "WECHAT_PAY_CLIENT_KEY_PATH (the merchant's API certificate)")
    for path in (cert, key):
        if path and not Path(path).is_file():
            raise ValueError(f"WeChat Pay client certificate file not found: {path}")
    return WeChatPayV2(**common, api_key=_required(config, "WECHAT_PAY_API_V2_KEY"),
                       client_cert_path=cert or None, client_key_path=key or None)


def _required(config: Mapping[str, Any], name: str) -> str:
    value = config.get(name)
    if not value:
        raise ValueError(f"WeChat Pay setting missing: {name}")
    return str(value)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="ascii")
    except OSError as error:
        raise ValueError(f"WeChat Pay key file unreadable: {path} ({error.strerror})") from None
