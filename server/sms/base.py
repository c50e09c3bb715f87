"""What the rest of the app sees of SMS: one method, one error.

The interface is this small so a provider can be swapped by config, and so a caller never needs to
know which provider refused a message: it gets a Chinese sentence it can show to the user.
"""
from __future__ import annotations

import re
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
