"""What the rest of the app sees of SMS: one method, one error.

The interface is this small so a provider can be swapped by config, and so a caller never needs to
know which provider refused a message: it gets a Chinese sentence it can show to the user.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

_MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")


class SmsDeliveryError(Exception):
    """A message could not be delivered; `str(error)` is a Chinese sentence fit for the user.

    `retryable` says whether trying again later may help (provider down, rate limit) or not
    (a bad number, a refused account); `provider_code` is the provider's own code, for logs.
    """

    def __init__(self, message: str, *, retryable: bool, provider_code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.provider_code = provider_code


class SmsSender(Protocol):
    def send_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        """Send a verification code valid for `ttl_minutes`; raise SmsDeliveryError on failure."""
        ...


class SmsNotifier(Protocol):
    def send_template(self, phone: str, template_id: str, params: Sequence[str]) -> None:
        """Send a notification template (approved by the provider, text fixed there) with its
        parameters; raise SmsDeliveryError on failure."""
        ...


# Tencent Cloud refuses a parameter longer than this for accounts verified as individuals
# (InvalidParameterValue.TemplateParameterLengthLimit) and any parameter holding a link
# (InvalidParameterValue.ProhibitedUseUrlInTemplateParameter); we keep to both everywhere.
MAX_PARAM_LENGTH = 12
_LINK = re.compile(r"https?://|www\.|\.(?:com|cn|net|org)\b", re.IGNORECASE)


def template_param_problems(params: Sequence[str]) -> list[str]:
    """Why the provider would refuse these parameters, one Chinese sentence each (none: fine)."""
    problems = []
    for number, value in enumerate(params, start=1):
        if not isinstance(value, str) or not value.strip():
            problems.append(f"短信模板第{number}个参数不能为空")
        elif len(value) > MAX_PARAM_LENGTH:
            problems.append(f"短信模板第{number}个参数“{value}”超过{MAX_PARAM_LENGTH}个字符")
        elif _LINK.search(value) or "【" in value or "】" in value:
            problems.append(f"短信模板第{number}个参数“{value}”不能含链接或【】")
    return problems


def to_e164_mainland(phone: str) -> str:
    """'13800138000', '+8613800138000' or '86 138-0013-8000' → '+8613800138000'.

    Providers want E.164; users type all of these. Anything that is not a mainland mobile number
    is refused before a paid request is made.
    """
    digits = re.sub(r"[\s-]", "", phone or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _MAINLAND_MOBILE.fullmatch(digits):
        raise SmsDeliveryError("手机号码格式不正确，请输入11位中国大陆手机号", retryable=False,
                               provider_code="LocalValidation.IncorrectPhoneNumber")
    return "+86" + digits


def mask_phone(phone: str) -> str:
    """Logs name the recipient without exposing the whole number."""
    tail = phone[-4:] if len(phone) >= 4 else ""
    head = phone[:-8] if len(phone) > 8 else ""
    return f"{head}****{tail}"
