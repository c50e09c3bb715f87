"""Checks a Tencent Cloud API 3.0 request the way the real gateway does, in the same order:
Authorization shape, timestamp window, SecretId, then the TC3 signature over the bytes received."""
from __future__ import annotations

import hmac

from flask import Request

from server.sandbox.settings import SandboxSettings
from server.sms import tc3

SERVICE = "sms"

MESSAGES = {
    "AuthFailure.InvalidAuthorization": "请求头部的 Authorization 不符合腾讯云标准。",
    "AuthFailure.SignatureExpire":
        "签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。",
    "AuthFailure.SecretIdNotFound":
        "密钥不存在。请在控制台检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。",
    "AuthFailure.SignatureFailure": "请求签名验证失败，请检查您的签名计算是否正确。",
}


def authentication_error(request: Request, settings: SandboxSettings, now: float) -> str | None:
    """None when the request is properly signed, else Tencent's error code."""
    parsed = tc3.parse_authorization(request.headers.get("Authorization"))
    timestamp_text = request.headers.get("X-TC-Timestamp", "")
    if parsed is None or not timestamp_text.isdigit():
        return "AuthFailure.InvalidAuthorization"
    timestamp = int(timestamp_text)
    if abs(now - timestamp) > settings.signature_window_seconds:
        return "AuthFailure.SignatureExpire"
    if parsed.secret_id != settings.tencent_secret_id:
        return "AuthFailure.SecretIdNotFound"
    if ({"content-type", "host"} - set(parsed.signed_headers) or parsed.service != SERVICE
            or parsed.date != tc3.utc_date(timestamp)):
        return "AuthFailure.SignatureFailure"
    signed = {}
    for name in parsed.signed_headers:
        value = request.headers.get(name)
        if value is None:
            return "AuthFailure.SignatureFailure"
        signed[name] = value
    expected = tc3.sign(secret_id=parsed.secret_id, secret_key=settings.tencent_secret_key,
                        service=SERVICE, timestamp=timestamp, payload=request.get_data(),
                        headers=signed, method=request.method,
                        canonical_query=request.query_string.decode("latin-1"))
    if not hmac.compare_digest(expected.signature, parsed.signature):
        return "AuthFailure.SignatureFailure"
    return None
