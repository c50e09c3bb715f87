"""Unified social credit codes (GB 32100-2015): malformed is an error, a failed check a warning."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.applications.rules.credit_code import (
    ALPHABET,
    MSG_CHARACTERS,
    MSG_CHECKSUM,
    MSG_LENGTH,
    MSG_REQUIRED,
    CreditCodeStatus,
    check_character,
    check_credit_code,
    credit_code_problems,
)

# Published codes that satisfy the check:
PUBLISHED_VALID = {
    "91310110076408176P": "the seed's sample (its review sheet)",
    "91350100M000100Y43": "the example of the GB 32100-2015 standard",
    "914403001922038216": "华为技术有限公司",
    "91440300708461136T": "深圳市腾讯计算机系统有限公司",
    "91110108551385082Q": "小米科技有限责任公司",
    "91110108795101314G": "谷歌信息技术（中国）有限公司",
    "9135020026015919XW": "厦门象屿集团有限公司",
    "913502006120495420": "厦门中骏集团有限公司 (check value 31, written 0)",
}

# Genuine codes from early pilot regions that do not satisfy the published check
# (reported as such in public validator libraries), with the character the check computes.
GENUINE_BUT_FAILING = {
    "91350100M0001TGQXM": "1",  # 福建恒跃柳工机械销售有限公司
    "91350211M0000XUF46": "R",  # 厦门云上晴空航空科技有限公司
    "91350203M0001FUE2P": "J",  # 厦门黑脉网络科技有限公司
}


@pytest.mark.parametrize("code", sorted(PUBLISHED_VALID))
def test_published_codes_are_valid(code):
    result = check_credit_code(code)
    assert result.status is CreditCodeStatus.VALID
    assert result.ok and not result.is_error and not result.is_warning
    assert credit_code_problems(code) == []


def test_the_seed_code_is_valid():
    assert check_credit_code("91310110076408176P").ok


@pytest.mark.parametrize("code", sorted(PUBLISHED_VALID))
def test_one_changed_character_of_a_published_code_is_caught(code):
    for position in range(18):
        for char in ALPHABET:
            if char != code[position]:
                changed = code[:position] + char + code[position + 1 :]
                assert check_credit_code(changed).status is CreditCodeStatus.CHECKSUM_MISMATCH, changed


@pytest.mark.parametrize(("code", "computed"), sorted(GENUINE_BUT_FAILING.items()))
def test_genuine_codes_that_fail_the_check_are_a_warning_not_an_error(code, computed):
    result = check_credit_code(code)
    assert result.status is CreditCodeStatus.CHECKSUM_MISMATCH
    assert result.is_warning and not result.is_error
    assert result.expected_check == computed
    assert result.message == MSG_CHECKSUM


def test_a_warning_is_reported_until_the_applicant_confirms():
    [problem] = credit_code_problems("91350100M0001TGQXM", field="avoidance_units.0.credit_code")
    assert problem.severity == "warning"
    assert problem.kind == "checksum"
    assert problem.field == "avoidance_units.0.credit_code"
    assert "请勾选确认" in problem.message
    assert credit_code_problems("91350100M0001TGQXM", confirmed=True) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("91310110076408176", MSG_LENGTH),
        ("91310110076408176PP", MSG_LENGTH),
        ("9131011007640817 P", MSG_CHARACTERS),
        ("91310110O76408176P", MSG_CHARACTERS),  # letter O
        ("91310110076408176I", MSG_CHARACTERS),
        ("9131011007640817-P", MSG_CHARACTERS),
        ("91310110076408176Ｐ", MSG_CHARACTERS),  # full-width letter
    ]
    + [(f"91310110076408176{letter}", MSG_CHARACTERS) for letter in "IOSVZ"],
)
def test_malformed_codes_are_errors(raw, message):
    result = check_credit_code(raw)
    assert result.status is CreditCodeStatus.MALFORMED and result.is_error
    assert result.message == message
    [problem] = credit_code_problems(raw)
    assert (problem.severity, problem.kind, problem.message) == ("error", "format", message)


def test_a_malformed_code_stays_an_error_even_if_confirmed():
    assert credit_code_problems("123", confirmed=True)[0].severity == "error"


def test_lower_case_and_blanks_are_normalised():
    result = check_credit_code("  91310110076408176p ")
    assert result.ok and result.code == "91310110076408176P"


def test_empty_is_fine_unless_required():
    assert check_credit_code(None).status is CreditCodeStatus.EMPTY
    assert credit_code_problems("  ") == []
    [problem] = credit_code_problems("", required=True)
    assert (problem.message, problem.kind) == (MSG_REQUIRED, "required")


body = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@given(body)
def test_appending_the_computed_check_character_always_validates(first17):
    assert check_credit_code(first17 + check_character(first17)).ok


@given(body, st.sampled_from(ALPHABET))
def test_exactly_one_check_character_validates(first17, last):
    ok = check_credit_code(first17 + last).ok
    assert ok == (last == check_character(first17))
