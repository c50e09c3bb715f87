"""Citizen ID numbers (GB 11643-1999): what is accepted, what is refused and why."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.applications.rules.id_number import (
    CHECK_CHARS,
    MSG_CHECKSUM,
    MSG_LENGTH,
    MSG_PROVINCE,
    MSG_REQUIRED,
    IdNumberError,
    check_character,
    check_id_number,
    derive,
    disagreements,
    id_number_error,
    mask_id_number,
    parse_id_number,
)

# Published examples whose check characters are right:
PUBLISHED = {
    # the seed's own sample (its review sheet prints it with a lower-case x)
    "41018219000622757x": ("1900-06", "男"),
    # the examples of the GB 11643-1999 standard text
    "11010519491231002X": ("1949-12", "女"),
    "440524188001010014": ("1880-01", "男"),
    # examples widely reprinted with the standard (e.g. in checksum tutorials)
    "440524188001015368": ("1880-01", "女"),
    "53010219200508011X": ("1920-05", "男"),
}


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_published_examples_are_accepted_and_normalised_to_upper_case(number):
    result = check_id_number(number)
    assert result.ok
    assert result.number == number.upper()


@pytest.mark.parametrize(("number", "expected"), sorted(PUBLISHED.items()))
def test_birth_year_month_and_gender_are_derived(number, expected):
    assert derive(number) == expected


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_changing_any_one_digit_of_a_published_example_is_refused(number):
    for position in range(17):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            changed = number[:position] + digit + number[position + 1 :]
            assert not check_id_number(changed).ok, changed


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_changing_the_check_character_is_refused_with_the_checksum_message(number):
    for char in CHECK_CHARS:
        if char != number[17].upper():
            assert id_number_error(number[:17] + char) == MSG_CHECKSUM


def test_lower_case_x_is_accepted_and_upper_cased():
    assert check_id_number("11010519491231002x").number == "11010519491231002X"


def test_surrounding_blanks_are_dropped():
    assert check_id_number("  11010519491231002X ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, MSG_REQUIRED),
        ("", MSG_REQUIRED),
        ("   ", MSG_REQUIRED),
        ("11010519491231002", MSG_LENGTH),
        ("11010519491231002XX", MSG_LENGTH),
        ("110105491231002", MSG_LENGTH),  # the old 15-digit form is not accepted
    ],
)
def test_empty_and_wrong_length_are_refused(raw, message):
    assert id_number_error(raw) == message


@pytest.mark.parametrize(
    "raw",
    [
        "1101051949123100XX",  # X only as the last character
        "11010519491231002Y",
        "11010519491231OO2X",  # letter O for zero
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
    ],
)
def test_other_characters_are_refused(raw):
    assert "前17位应为数字" in id_number_error(raw)


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.mark.parametrize("province", ["00", "10", "16", "20", "24", "30", "38", "47", "55", "66", "90", "99"])
def test_the_first_two_digits_must_be_a_province_code(province):
    assert id_number_error(_with_check(province + "010519491231002")) == MSG_PROVINCE


@pytest.mark.parametrize("province", ["11", "65", "71", "81", "82", "83"])
def test_province_codes_including_hong_kong_macao_taiwan_are_accepted(province):
    assert check_id_number(_with_check(province + "010519491231002")).ok


@pytest.mark.parametrize("birth", ["19490230", "19001329", "19000229", "19491300", "19491200", "17991231"])
def test_the_birth_date_must_be_a_real_calendar_date(birth):
    message = id_number_error(_with_check("110105" + birth + "002"))
    assert message == f"身份证号码中的出生日期{birth}不是有效日期"


def test_29_february_of_a_leap_year_is_a_real_date():
    assert derive(_with_check("11010520000229002")) == ("2000-02", "女")


def test_a_birth_date_in_the_future_is_refused():
    number = _with_check("11010520300101002")
    assert id_number_error(number, today=date(2024, 12, 2)) == "身份证号码中的出生日期20300101晚于今天"
    assert check_id_number(number, today=date(2030, 1, 1)).ok


def test_parse_raises_with_the_chinese_message():
    with pytest.raises(IdNumberError) as raised:
        parse_id_number("110105194912310021")
    assert raised.value.message == MSG_CHECKSUM


def test_derive_refuses_an_invalid_number():
    with pytest.raises(IdNumberError):
        derive("110105194912310021")


def test_gender_follows_the_parity_of_the_17th_digit():
    for digit in "0123456789":
        number = _with_check("1101051949123100" + digit)
        assert derive(number)[1] == ("男" if int(digit) % 2 else "女")


class TestAgreementWithEnteredValues:
    def test_matching_values_agree(self):
        assert disagreements("41018219000622757x", birth_year_month="1900-06", gender="男") == {}

    def test_a_different_birth_month_and_gender_are_both_reported(self):
        found = disagreements("41018219000622757x", birth_year_month="1900-07", gender="女")
        assert found == {
            "birth": "出生年月与身份证号码不一致（身份证号码为1900-06）",
            "gender": "性别与身份证号码不一致（身份证号码为男）",
        }

    def test_empty_entries_and_invalid_numbers_yield_nothing(self):
        assert disagreements("41018219000622757x", birth_year_month=None, gender="") == {}
        assert disagreements("410182190006227571", birth_year_month="2000-01", gender="女") == {}


class TestMasking:
    def test_first_six_and_last_four_are_shown(self):
        assert mask_id_number("11010519491231002X") == "110105********002X"

    def test_short_values_are_masked_completely(self):
        assert mask_id_number("1234567890") == "**********"
        assert mask_id_number("") == ""
        assert mask_id_number(None) == ""

    @given(st.text(alphabet="0123456789X", min_size=11, max_size=30))
    def test_masking_keeps_length_and_hides_the_middle(self, value):
        masked = mask_id_number(value)
        assert len(masked) == len(value)
        assert masked[:6] == value[:6] and masked[-4:] == value[-4:]
        assert set(masked[6:-4]) == {"*"}


@st.composite
def valid_numbers(draw):
    province = draw(st.sampled_from(["11", "31", "44", "65"]))
    area = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return _with_check(f"{province}{area}{birth:%Y%m%d}{sequence}"), birth


@given(valid_numbers())
def test_any_well_formed_number_round_trips(generated):
    number, birth = generated
    parsed = parse_id_number(number.lower())
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.birth_year_month == f"{birth.year:04d}-{birth.month:02d}"


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_any_single_substitution_is_detected(generated, position, char):
    number, _ = generated
    changed = number[:position] + char + number[position + 1 :]
    if changed != number:
        assert not check_id_number(changed).ok
