"""Citizen ID numbers (公民身份号码) per GB 11643-1999.

18 characters: 6-digit address code (the first 2 a province-level code), 8-digit birth
date YYYYMMDD, 3-digit sequence (its last digit odd for men, even for women) and a
check character (ISO 7064 MOD 11-2). A lower-case ``x`` is accepted and normalised
to ``X``; surrounding blanks are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# Province-level codes of GB/T 2260, plus 71 (台湾), 81/82 (香港/澳门) and 83, which the
# residence permits of Hong Kong, Macao and Taiwan residents use (same number scheme).
PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
)
EARLIEST_BIRTH_YEAR = 1800

MSG_REQUIRED = "请输入身份证号码"
MSG_LENGTH = "身份证号码应为18位"
MSG_CHARACTERS = "身份证号码前17位应为数字，最后一位应为数字或X"
MSG_PROVINCE = "身份证号码前2位不是有效的省级行政区划代码"
MSG_CHECKSUM = "身份证号码校验位不正确"

_SHAPE = re.compile(r"\d{17}[\dX]")


class IdNumberError(ValueError):
    """An unusable ID number; ``message`` is what the applicant reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class IdNumber:
    number: str  # normalised: 18 characters, upper-case X
    birth_date: date
    gender: str  # "男" or "女"

    @property
    def birth_year_month(self) -> str:
        return f"{self.birth_date.year:04d}-{self.birth_date.month:02d}"

    @property
    def province_code(self) -> str:
        return self.number[:2]


@dataclass(frozen=True, slots=True)
class IdNumberCheck:
    """The result of :func:`check_id_number`: the normalised number, or a Chinese error."""

    number: str | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_id_number(raw: str | None, *, today: date | None = None) -> IdNumber:
    """Validate and decompose an ID number; raise :class:`IdNumberError` (Chinese)."""
    value = (raw or "").strip().upper()
    if not value:
        raise IdNumberError(MSG_REQUIRED)
    if len(value) != 18:
        raise IdNumberError(MSG_LENGTH)
    if not _SHAPE.fullmatch(value) or not value.isascii():
        raise IdNumberError(MSG_CHARACTERS)
    if value[:2] not in PROVINCE_CODES:
        raise IdNumberError(MSG_PROVINCE)
    digits = value[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"身份证号码中的出生日期{digits}不是有效日期") from None
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise IdNumberError(f"身份证号码中的出生日期{digits}不是有效日期")
    if birth > (today or date.today()):
        raise IdNumberError(f"身份证号码中的出生日期{digits}晚于今天")
    if check_character(value[:17]) != value[17]:
        raise IdNumberError(MSG_CHECKSUM)
    gender = "男" if int(value[16]) % 2 == 1 else "女"
    return IdNumber(number=value, birth_date=birth, gender=gender)


def check_id_number(raw: str | None, *, today: date | None = None) -> IdNumberCheck:
    """Return the normalised number, or the Chinese reason it is refused."""
    try:
        return IdNumberCheck(number=parse_id_number(raw, today=today).number, error=None)
    except IdNumberError as exc:
        return IdNumberCheck(number=None, error=exc.message)


def id_number_error(raw: str | None, *, today: date | None = None) -> str | None:
    """The Chinese reason the ID number is refused, or None when it is valid."""
    return check_id_number(raw, today=today).error


def derive(raw: str) -> tuple[str, str]:
    """``(birth_year_month, gender)`` from a valid ID number, e.g. ``("1949-12", "女")``."""
    parsed = parse_id_number(raw)
    return parsed.birth_year_month, parsed.gender


def disagreements(raw: str, *, birth_year_month: str | None, gender: str | None) -> dict[str, str]:
    """Fields (``birth``, ``gender``) whose entered value disagrees with the ID number.

    Empty entries are not disagreements (completeness is checked elsewhere);
    an invalid ID number yields nothing here (its own error is reported on ``id_number``).
    """
    try:
        parsed = parse_id_number(raw)
    except IdNumberError:
        return {}
    found: dict[str, str] = {}
    if birth_year_month and birth_year_month.strip() != parsed.birth_year_month:
        found["birth"] = f"出生年月与身份证号码不一致（身份证号码为{parsed.birth_year_month}）"
    if gender and gender.strip() != parsed.gender:
        found["gender"] = f"性别与身份证号码不一致（身份证号码为{parsed.gender}）"
    return found


def mask_id_number(raw: str | None) -> str:
    """Show the first 6 and last 4 characters, the rest as ``*``.

    Values of 10 characters or fewer are masked completely (nothing would stay hidden).
    """
    value = (raw or "").strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
