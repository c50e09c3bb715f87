"""The formats of account fields, with the Chinese messages the applicant reads.

The mini-program checks the same patterns with the same words before it calls the API.
"""
from __future__ import annotations

import re

USERNAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{3,19}$"
USERNAME_MESSAGE = "用户名须为4-20位字母、数字或下划线，且以字母开头"
PHONE_PATTERN = r"^1[3-9]\d{9}$"
PHONE_MESSAGE = "请输入正确的11位手机号"
SMS_CODE_PATTERN = r"^\d{6}$"
SMS_CODE_MESSAGE = "请输入6位数字验证码"
PASSWORD_MESSAGE = "密码至少8位，且须同时包含字母和数字"
PASSWORD_MIN, PASSWORD_MAX = 8, 64


def password_problem(password: str) -> str | None:
    """The password policy: 8 to 64 characters with at least one letter and one digit."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return PASSWORD_MESSAGE
    if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        return PASSWORD_MESSAGE
    return None


def is_phone(value: str) -> bool:
    return re.fullmatch(PHONE_PATTERN, value) is not None


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "****"
