"""Tencent Cloud SMS (API 2021-01-11, SendSms) over plain requests.

The endpoint is configurable so the local sandbox can stand in for sms.tencentcloudapi.com; the
code that runs against it is the same code that runs in production. Neither the code nor the
secret key is ever logged: logs name the masked number, the provider's code and its RequestId.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, NoReturn
from urllib.parse import urlsplit

import requests

from server.http_sessions import PerThreadSession
from server.sms import tc3
from server.sms.base import SmsDeliveryError, mask_phone, template_param_problems, to_e164_mainland

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://sms.tencentcloudapi.com"
SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"

UNAVAILABLE = "短信服务暂时不可用，请稍后重试"
TOO_FREQUENT = "验证码发送过于频繁，请稍后再试"
BAD_NUMBER = "手机号码格式不正确，请输入11位中国大陆手机号"
BLOCKED_NUMBER = "该手机号暂时无法接收短信，请检查号码或更换手机号"


def _describe(code: str) -> tuple[str, bool]:
    """A provider error code → (message for the user, whether retrying later may help)."""
    if code.startswith("LimitExceeded") or code == "RequestLimitExceeded":
        return TOO_FREQUENT, True
    if code == "InvalidParameterValue.IncorrectPhoneNumber":
        return BAD_NUMBER, False
    if "Blacklist" in code or "BlackList" in code:
        return BLOCKED_NUMBER, False
    if code.startswith(("InternalError", "FailedOperation.Timeout")):
        return UNAVAILABLE, True
    # AuthFailure.*, UnauthorizedOperation.*, an unapproved template or signature, no balance:
    # the operator must act; the user can only come back later.
    return UNAVAILABLE, False


class TencentSmsSender:
    """Sends the verification-code template (TemplateParamSet = [code, ttl_minutes]) and
    notification templates (their parameters only)."""

    def __init__(self, *, secret_id: str, secret_key: str, sdk_app_id: str, sign_name: str,
                 template_id: str, region: str = "ap-guangzhou", endpoint: str = DEFAULT_ENDPOINT,
                 timeout: float = 5.0, session: requests.Session | None = None,
                 clock: Callable[[], float] = lambda: time.time()) -> None:
        self._secret_id = secret_id
        self._secret_key = secret_key
        self._sdk_app_id = sdk_app_id
        self._sign_name = sign_name
        self._template_id = template_id
        self._region = region
        self._endpoint = endpoint.rstrip("/") + "/"
        self._host = urlsplit(self._endpoint).netloc
        self._timeout = timeout
        # One session per thread unless one is handed in: the outbox's sender sends from several.
        self._http = session or PerThreadSession(requests.Session)
        self._clock = clock

    def __repr__(self) -> str:  # never the secret key
        return f"TencentSmsSender(endpoint={self._endpoint!r}, sdk_app_id={self._sdk_app_id!r})"

    def send_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        """The verification-code template (SMS_TEMPLATE_ID): parameters code, minutes."""
        self._send(phone, self._template_id, [str(code), str(ttl_minutes)], "code")

    def send_template(self, phone: str, template_id: str, params: Sequence[str]) -> None:
        """A notification template approved in Tencent's console: its text is fixed there, we
        send only the parameters ({1}, {2}, ... in order), each within Tencent's limits."""
        problems = template_param_problems(params)
        if problems:
            raise SmsDeliveryError("；".join(problems), retryable=False,
                                   provider_code="LocalValidation.TemplateParameter")
        self._send(phone, template_id, list(params), f"template {template_id}")

    def _send(self, phone: str, template_id: str, params: list[str], what: str) -> None:
        number = to_e164_mainland(phone)
        body = self._payload(number, template_id, params)
        response = self._post(body, number)
        self._check(response, number, what)

    def _payload(self, number: str, template_id: str, params: list[str]) -> bytes:
        payload = {
            "PhoneNumberSet": [number],
            "SmsSdkAppId": self._sdk_app_id,
            "SignName": self._sign_name,
            "TemplateId": template_id,
            "TemplateParamSet": params,
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _headers(self, body: bytes) -> dict[str, str]:
        timestamp = int(self._clock())
        signed = {"content-type": CONTENT_TYPE, "host": self._host, "x-tc-action": ACTION}
        signature = tc3.sign(secret_id=self._secret_id, secret_key=self._secret_key,
                             service=SERVICE, timestamp=timestamp, payload=body, headers=signed)
        return {
            "Authorization": signature.authorization,
            "Content-Type": CONTENT_TYPE,
            "Host": self._host,
            "X-TC-Action": ACTION,
            "X-TC-Version": VERSION,
            "X-TC-Region": self._region,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Language": "zh-CN",
        }

    def _post(self, body: bytes, number: str) -> dict[str, Any]:
        try:
            reply = self._http.post(self._endpoint, data=body, headers=self._headers(body),
                                    timeout=self._timeout)
            reply.raise_for_status()
            return reply.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("SMS to %s not sent: provider unreachable or unreadable (%s)",
                           mask_phone(number), type(error).__name__)
            raise SmsDeliveryError(UNAVAILABLE, retryable=True, provider_code=None) from None

    def _check(self, reply: dict[str, Any], number: str, what: str) -> None:
        response = reply.get("Response") if isinstance(reply, dict) else None
        if not isinstance(response, dict):
            self._fail(number, "MalformedResponse", None)
        request_id = response.get("RequestId")
        error = response.get("Error")
        if isinstance(error, dict):
            self._fail(number, str(error.get("Code") or "UnknownError"), request_id)
        statuses = response.get("SendStatusSet")
        if not isinstance(statuses, list) or not statuses:
            self._fail(number, "MalformedResponse", request_id)
        for status in statuses:
            if not isinstance(status, dict) or status.get("Code") != "Ok":
                code = status.get("Code") if isinstance(status, dict) else None
                self._fail(number, str(code or "UnknownError"), request_id)
        logger.info("SMS %s sent to %s (RequestId %s)", what, mask_phone(number), request_id)

    def _fail(self, number: str, code: str, request_id: str | None) -> NoReturn:
        message, retryable = _describe(code)
        log = logger.warning if retryable or message != UNAVAILABLE else logger.error
        log("SMS to %s refused by Tencent Cloud: %s (RequestId %s)", mask_phone(number), code,
            request_id)
        raise SmsDeliveryError(message, retryable=retryable, provider_code=code)
