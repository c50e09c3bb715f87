"""Settings, read from the environment once at start.

`create_app(config)` merges a mapping over these, which is how tests pick their database.
Every variable is listed in the README's configuration table.
"""
from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


MAX_TIMEOUT_SECONDS = 60.0


def timeout_seconds(name: str, default: float) -> float:
    """A timeout for calls to an outside system: more than 0 and at most a minute, so a service
    that hangs never holds a request, a job or the sender for longer (and 0 never means "wait")."""
    raw = os.environ.get(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise RuntimeError(f"{name} must be a number of seconds") from None
    if not 0 < value <= MAX_TIMEOUT_SECONDS:
        raise RuntimeError(f"{name} must be more than 0 and at most {MAX_TIMEOUT_SECONDS:.0f} seconds")
    return value


def template_ids(name: str, raw: str | None) -> dict[str, str]:
    """'review_result=AbC1,payment=XyZ2' → {'review_result': 'AbC1', 'payment': 'XyZ2'}: the
    template ids approved in WeChat's or Tencent's console, named as the messages use them."""
    mapping: dict[str, str] = {}
    for item in (raw or "").split(","):
        if not item.strip():
            continue
        key, separator, value = (part.strip() for part in item.partition("="))
        if not separator or not key or not value:
            raise RuntimeError(f"{name} must be name=template_id pairs separated by commas")
        mapping[key] = value
    return mapping


def seconds_by_name(name: str, raw: str | None) -> dict[str, int]:
    """'send_messages=20' → {'send_messages': 20}: name=seconds pairs separated by commas."""
    pairs = template_ids(name, raw)
    if not all(value.isdigit() and int(value) > 0 for value in pairs.values()):
        raise RuntimeError(f"{name} must be name=seconds pairs (whole seconds, at least 1)")
    return {key: int(value) for key, value in pairs.items()}


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'app.db'}"


def from_environment() -> dict[str, Any]:
    """Build the Flask config mapping from environment variables."""
    env = os.environ.get
    production = env("APP_ENV", "development") == "production"
    secret_key = env("SECRET_KEY")
    if not secret_key:
        if production:
            raise RuntimeError("SECRET_KEY must be set when APP_ENV=production")
        # Development only: tokens die with the process, which is what a developer expects.
        secret_key = secrets.token_urlsafe(32)
    id_number_key = env("ID_NUMBER_KEY")
    if not id_number_key:
        if production:
            raise RuntimeError("ID_NUMBER_KEY must be set when APP_ENV=production")
        id_number_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    redis_url = env("REDIS_URL") or None
    oa_aes_key = env("WECHAT_OA_ENCODING_AES_KEY") or None
    if oa_aes_key is not None and len(oa_aes_key) != 43:
        raise RuntimeError("WECHAT_OA_ENCODING_AES_KEY must be the 43 characters WeChat shows")
    miniprogram_state = env("WECHAT_MINIPROGRAM_STATE") or "formal"
    if miniprogram_state not in ("formal", "trial", "developer"):
        raise RuntimeError("WECHAT_MINIPROGRAM_STATE must be formal, trial or developer")
    return {
        "APP_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key,
        "ID_NUMBER_KEY": id_number_key,
        "SQLALCHEMY_DATABASE_URI": env("DATABASE_URL") or default_database_url(),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Every key this deployment keeps in Redis starts with it (several deployments may share one).
        "REDIS_KEY_PREFIX": env("REDIS_KEY_PREFIX") or "expert",
        "RATELIMIT_KEY_PREFIX": (env("REDIS_KEY_PREFIX") or "expert") + ":limits",
        # Redis down: limits are kept per process until it answers again (never "no limits").
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        # Unset: the address `make run` serves on (PORT), so links and QR codes open this server.
        "PUBLIC_BASE_URL": env("PUBLIC_BASE_URL") or f"http://127.0.0.1:{env('PORT') or '5000'}",
        "API_TOKEN_TTL_HOURS": _int("API_TOKEN_TTL_HOURS", 168),
        "STAFF_SESSION_HOURS": _int("STAFF_SESSION_HOURS", 12),
        "SESSION_COOKIE_SECURE": _bool(env("SESSION_COOKIE_SECURE"), production),
        "WECHAT_APPID": env("WECHAT_APPID", ""),
        "WECHAT_SECRET": env("WECHAT_SECRET", ""),
        "WECHAT_API_BASE_URL": env("WECHAT_API_BASE_URL") or None,
        "WECHAT_TIMEOUT_SECONDS": timeout_seconds("WECHAT_TIMEOUT_SECONDS", 5),
        "WECHAT_MINIPROGRAM_STATE": miniprogram_state,
        "WECHAT_OA_APPID": env("WECHAT_OA_APPID", ""),
        "WECHAT_OA_SECRET": env("WECHAT_OA_SECRET", ""),
        "WECHAT_OA_TOKEN": env("WECHAT_OA_TOKEN", ""),
        "WECHAT_OA_ENCODING_AES_KEY": oa_aes_key,
        "WECHAT_SUBSCRIBE_TEMPLATE_IDS": template_ids(
            "WECHAT_SUBSCRIBE_TEMPLATE_IDS", env("WECHAT_SUBSCRIBE_TEMPLATE_IDS")),
        "WECHAT_OA_TEMPLATE_IDS": template_ids("WECHAT_OA_TEMPLATE_IDS", env("WECHAT_OA_TEMPLATE_IDS")),
        "WECHAT_OA_BINDING_QR_SECONDS": _int("WECHAT_OA_BINDING_QR_SECONDS", 600),
        "SMS_ENDPOINT": env("SMS_ENDPOINT") or None,
        "SMS_SECRET_ID": env("SMS_SECRET_ID", ""),
        "SMS_SECRET_KEY": env("SMS_SECRET_KEY", ""),
        "SMS_SDK_APP_ID": env("SMS_SDK_APP_ID", ""),
        "SMS_SIGN_NAME": env("SMS_SIGN_NAME", ""),
        "SMS_TEMPLATE_ID": env("SMS_TEMPLATE_ID", ""),
        "SMS_TEMPLATE_IDS": template_ids("SMS_TEMPLATE_IDS", env("SMS_TEMPLATE_IDS")),
        "SMS_REGION": env("SMS_REGION", "ap-guangzhou"),
        "SMS_TIMEOUT_SECONDS": timeout_seconds("SMS_TIMEOUT_SECONDS", 5),
        "SMS_PER_IP_LIMIT": env("SMS_PER_IP_LIMIT", "20 per hour"),
        "LOGIN_PER_IP_LIMIT": env("LOGIN_PER_IP_LIMIT", "60 per minute"),
        "TRUSTED_PROXY_COUNT": _int("TRUSTED_PROXY_COUNT", 0),
        "FILES_DIR": env("FILES_DIR") or str(INSTANCE_DIR / "files"),
        "FILES_BACKEND": env("FILES_BACKEND") or "local",
        "S3_BUCKET": env("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": env("S3_ENDPOINT_URL") or None,
        "S3_REGION": env("S3_REGION") or "ap-guangzhou",
        "S3_ACCESS_KEY_ID": env("S3_ACCESS_KEY_ID") or None,
        "S3_SECRET_ACCESS_KEY": env("S3_SECRET_ACCESS_KEY") or None,
        "S3_PREFIX": env("S3_PREFIX", "blobs/"),
        "S3_TIMEOUT_SECONDS": timeout_seconds("S3_TIMEOUT_SECONDS", 5),
        # The largest upload (a 10 MB PDF, server/files/kinds.py) plus the multipart envelope.
        "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,
        # A form has a handful of fields: a flood of parts is refused (413) before it is parsed.
        "MAX_FORM_PARTS": 50,
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "VERIFY_PER_IP_LIMIT": env("VERIFY_PER_IP_LIMIT", "30 per minute"),
        "DESKTOP_UPLOAD_PER_IP_LIMIT": env("DESKTOP_UPLOAD_PER_IP_LIMIT", "10 per minute"),
        "PDF_FONT_PATH": env("PDF_FONT_PATH", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        "MAIL_HOST": env("MAIL_HOST", ""),
        "MAIL_PORT": _int("MAIL_PORT", 0) or None,  # None: the usual port of MAIL_SECURITY
        "MAIL_SECURITY": env("MAIL_SECURITY", "starttls"),
        "MAIL_USERNAME": env("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env("MAIL_PASSWORD", ""),
        "MAIL_FROM": env("MAIL_FROM", ""),
        "MAIL_TIMEOUT_SECONDS": timeout_seconds("MAIL_TIMEOUT_SECONDS", 10),
        # How long a sender owns the outbox messages it claimed: a sender that dies lets them go then.
        "OUTBOX_LEASE_SECONDS": _int("OUTBOX_LEASE_SECONDS", 300),
        # Interval jobs run more or less often than their schedule: job=seconds pairs.
        "SCHEDULER_INTERVALS": seconds_by_name("SCHEDULER_INTERVALS", env("SCHEDULER_INTERVALS")),
        **_wechat_pay(env),
    }


def _wechat_pay(env) -> dict[str, Any]:
    """WeChat Pay (server/payments/providers/factory.py reads these). Keys are files, never values."""
    names = ["WECHAT_PAY_MCH_ID", "WECHAT_PAY_API_V3_KEY", "WECHAT_PAY_PRIVATE_KEY_PATH",
             "WECHAT_PAY_CERT_SERIAL", "WECHAT_PAY_PUBLIC_KEY_PATH", "WECHAT_PAY_PUBLIC_KEY_ID",
             "WECHAT_PAY_PLATFORM_CERT_DIR", "WECHAT_PAY_API_V2_KEY", "WECHAT_PAY_CLIENT_CERT_PATH",
             "WECHAT_PAY_CLIENT_KEY_PATH", "WECHAT_PAY_API_BASE_URL"]
    return {
        "PAYMENT_PROVIDER": env("PAYMENT_PROVIDER") or "wechat_v3",
        # The mini-program's appid unless the merchant is bound to another.
        "WECHAT_PAY_APP_ID": env("WECHAT_PAY_APP_ID") or env("WECHAT_APPID", ""),
        "WECHAT_PAY_TIMEOUT_SECONDS": timeout_seconds("WECHAT_PAY_TIMEOUT_SECONDS", 5),
        **{name: env(name) or None for name in names},
    }
