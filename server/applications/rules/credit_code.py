"""Unified social credit codes (统一社会信用代码) per GB 32100-2015.

18 characters from ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, S, V, Z); the last
is a check character: ``31 - (Σ value × weight mod 31)``, where 31 means 0.

Two outcomes are told apart:
- malformed (wrong length or characters): an error, the code cannot be right;
- checksum mismatch: a warning the applicant must confirm, because some genuine codes
  issued by early pilot regions do not satisfy the published check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from server.applications.rules.problems import Problem

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {char: value for value, char in enumerate(ALPHABET)}

MSG_REQUIRED = "请输入统一社会信用代码"
MSG_LENGTH = "统一社会信用代码应为18位"
MSG_CHARACTERS = "统一社会信用代码只能由数字和大写英文字母组成（不含I、O、S、V、Z）"
MSG_CHECKSUM = (
    "统一社会信用代码校验位与国家标准（GB 32100）计算结果不一致，请仔细核对；"
    "如确认与营业执照一致，请勾选确认后提交"
)


class CreditCodeStatus(Enum):
    EMPTY = "empty"
    VALID = "valid"
    MALFORMED = "malformed"
    CHECKSUM_MISMATCH = "checksum_mismatch"


@dataclass(frozen=True, slots=True)
class CreditCodeCheck:
    status: CreditCodeStatus
    code: str  # normalised: stripped, upper-case
    message: str | None = None  # Chinese, for MALFORMED and CHECKSUM_MISMATCH
    expected_check: str | None = None  # the computed check character, when it could be computed

    @property
    def ok(self) -> bool:
        return self.status is CreditCodeStatus.VALID

    @property
    def is_error(self) -> bool:
        return self.status is CreditCodeStatus.MALFORMED

    @property
    def is_warning(self) -> bool:
        return self.status is CreditCodeStatus.CHECKSUM_MISMATCH


def check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def check_credit_code(raw: str | None) -> CreditCodeCheck:
    code = (raw or "").strip().upper()
    if not code:
        return CreditCodeCheck(CreditCodeStatus.EMPTY, code)
    if len(code) != 18:
        return CreditCodeCheck(CreditCodeStatus.MALFORMED, code, MSG_LENGTH)
    if any(char not in _VALUES for char in code):
        return CreditCodeCheck(CreditCodeStatus.MALFORMED, code, MSG_CHARACTERS)
    expected = check_character(code[:17])
    if expected != code[17]:
        return CreditCodeCheck(CreditCodeStatus.CHECKSUM_MISMATCH, code, MSG_CHECKSUM, expected)
    return CreditCodeCheck(CreditCodeStatus.VALID, code, None, expected)


def credit_code_problems(
    raw: str | None, *, field: str = "unit_credit_code", required: bool = False, confirmed: bool = False
) -> list[Problem]:
    """Problems of one credit-code field.

    A checksum mismatch is a ``warning`` (kind ``"checksum"``) unless the applicant has
    ``confirmed`` the code, in which case it is accepted silently.
    """
    result = check_credit_code(raw)
    if result.status is CreditCodeStatus.EMPTY:
        return [Problem(field, MSG_REQUIRED, kind="required")] if required else []
    if result.is_error:
        return [Problem(field, result.message or MSG_CHARACTERS, code=result.code, kind="format")]
    if result.is_warning and not confirmed:
        return [Problem(field, MSG_CHECKSUM, code=result.code, kind="checksum", severity="warning")]
    return []
