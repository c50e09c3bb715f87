"""Format rules of single form fields. Each returns a Chinese message, or None when fine.

Lengths count characters (what the form's "0/50" counter shows), after trimming blanks.
"""

from __future__ import annotations

import re

MOBILE = re.compile(r"1[3-9][0-9]{9}")
EMAIL_MAX = 30
WORK_UNIT_MAX = 50
OFFICE_PHONE_MAX = 15
NONE_MARK = "无"

_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*")
_EMAIL_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,}")
_OFFICE_PHONE = re.compile(r"\+?[0-9()\-]+")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def mobile_error(value: object, *, required: bool = True, label: str = "手机号") -> str | None:
    """Mainland mobile number: 11 digits, ``1[3-9]`` then 9 digits."""
    text = _text(value)
    if not text:
        return f"请输入{label}" if required else None
    return None if MOBILE.fullmatch(text) else "请输入正确的11位手机号"


def email_error(value: object, *, required: bool = True) -> str | None:
    """E-mail address of at most 30 characters (the invoice is sent there)."""
    text = _text(value)
    if not text:
        return "请输入电子邮箱（最多30个字符），培训费发票将发送到此邮箱" if required else None
    if len(text) > EMAIL_MAX:
        return f"电子邮箱最多{EMAIL_MAX}个字符（当前{len(text)}个）"
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    well_formed = (
        bool(at)
        and _EMAIL_LOCAL.fullmatch(local) is not None
        and len(labels) >= 2
        and all(_EMAIL_LABEL.fullmatch(label) for label in labels)
        and _TLD.fullmatch(labels[-1]) is not None
    )
    return None if well_formed else f"请输入正确的电子邮箱地址（最多{EMAIL_MAX}个字符），如 name@example.com"


def work_unit_error(value: object) -> str | None:
    """Work unit name, required, at most 50 characters; "无" when the applicant has none."""
    text = _text(value)
    if not text:
        return f"请输入工作单位名称，没有请填写“{NONE_MARK}”"
    if len(text) > WORK_UNIT_MAX:
        return f"工作单位名称最多{WORK_UNIT_MAX}个字符（当前{len(text)}个）"
    return None


def office_phone_error(value: object, *, required: bool = False) -> str | None:
    """Office phone: at most 15 characters of digits, dashes, parentheses and a leading +."""
    text = _text(value)
    if not text:
        return "请输入工作单位办公电话" if required else None
    if len(text) > OFFICE_PHONE_MAX:
        return f"工作单位办公电话最多{OFFICE_PHONE_MAX}个字符（当前{len(text)}个）"
    if not _OFFICE_PHONE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return "工作单位办公电话只能包含数字、“-”、括号，可以“+”开头"
    return None
