"""Batch eligibility: years of practice, title level and age at the registration deadline."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.applications.rules.eligibility import (
    MSG_TITLE_REQUIRED,
    MSG_YEARS_FORMAT,
    MSG_YEARS_REQUIRED,
    EligibilityRules,
    check_eligibility,
    deadline_date,
    full_years,
    parse_years_of_practice,
    years_of_practice_error,
)
from server.applications.rules.id_number import check_character
from server.reference.options import batch_defaults

DEADLINE = date(2024, 12, 2)  # the seed batch: registration until 12-02 18:30 Beijing time
RULES = EligibilityRules.of(batch_defaults())  # 8 years, 正高级 or 副高级, 70


def _id(birth: str, sequence: str = "001") -> str:
    first17 = f"650102{birth}{sequence}"
    return first17 + check_character(first17)


def check(**overrides):
    values = {
        "registration_deadline": DEADLINE,
        "years_of_practice": "10",
        "title_level": "副高级",
        "id_number": _id("19700101"),
        "birth_year_month": None,
    }
    values.update(overrides)
    rules = values.pop("rules", RULES)
    return check_eligibility(rules, **values)


def by_field(problems):
    return {p.field: p.message for p in problems}


def test_the_defaults():
    assert RULES.min_years_of_practice == 8
    assert RULES.allowed_title_levels == ("正高级", "副高级")
    assert RULES.max_age == 70


def test_an_eligible_applicant_has_no_problem():
    assert check() == []


def test_the_seed_sample_is_refused_for_age_and_years_of_practice():
    # 苏航: ID 41018219000622757x (born 1900-06-22), 21321 years of practice
    problems = check(id_number="41018219000622757x", years_of_practice="21321", title_level="正高级",
                     birth_year_month="1900-06")
    assert by_field(problems) == {
        "years_of_practice": MSG_YEARS_FORMAT,
        "id_number": "年龄超过70周岁：截至报名截止日2024年12月2日，申报人已满124周岁",
    }
    assert all(p.severity == "error" for p in problems)


class TestYearsOfPractice:
    @pytest.mark.parametrize("value", ["0", "8", "15", "999", "  12 ", 8, 999])
    def test_whole_numbers_of_at_most_three_digits_are_well_formed(self, value):
        assert years_of_practice_error(value) is None

    @pytest.mark.parametrize("value", ["21321", "1000", 1000, "-1", -1, "5.5", 5.5, "五", "5年", "１０", True])
    def test_anything_else_is_refused(self, value):
        assert years_of_practice_error(value) == MSG_YEARS_FORMAT

    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_it_is_required(self, value):
        assert years_of_practice_error(value) == MSG_YEARS_REQUIRED
        assert by_field(check(years_of_practice=value)) == {"years_of_practice": MSG_YEARS_REQUIRED}

    def test_parsed_as_an_int(self):
        assert parse_years_of_practice("007") == 7
        assert parse_years_of_practice("21321") is None

    @given(st.integers(min_value=0, max_value=999))
    def test_every_value_from_0_to_999_is_well_formed(self, years):
        assert years_of_practice_error(str(years)) is None

    def test_fewer_than_the_batch_minimum_is_refused(self):
        assert by_field(check(years_of_practice="7")) == {"years_of_practice": "从事专业年限须满8年（当前填写7年）"}
        assert check(years_of_practice="8") == []

    def test_the_minimum_is_a_batch_setting(self):
        rules = replace(RULES, min_years_of_practice=5)
        assert check(rules=rules, years_of_practice="5") == []


class TestTitleLevel:
    @pytest.mark.parametrize("level", ["中级", "初级（助理级）", "初级（员级）"])
    def test_below_senior_is_refused(self, level):
        assert by_field(check(title_level=level)) == {
            "title_level": f"本批次要求职称级别为正高级或副高级（当前为{level}）"
        }

    def test_it_is_required(self):
        assert by_field(check(title_level=None)) == {"title_level": MSG_TITLE_REQUIRED}

    def test_the_allowed_levels_are_a_batch_setting(self):
        rules = replace(RULES, allowed_title_levels=("正高级", "副高级", "中级"))
        assert check(rules=rules, title_level="中级") == []


class TestAge:
    def test_age_is_full_years_on_the_deadline_date(self):
        assert full_years(date(1954, 12, 2), DEADLINE) == 70
        assert full_years(date(1954, 12, 3), DEADLINE) == 69
        assert full_years(date(1953, 12, 3), DEADLINE) == 70
        assert full_years(date(1953, 12, 2), DEADLINE) == 71

    def test_seventy_is_still_allowed_seventy_one_is_not(self):
        assert check(id_number=_id("19531203")) == []
        assert by_field(check(id_number=_id("19531202"))) == {
            "id_number": "年龄超过70周岁：截至报名截止日2024年12月2日，申报人已满71周岁"
        }

    def test_a_29_february_birthday_counts_from_1_march_in_other_years(self):
        assert full_years(date(1952, 2, 29), date(2023, 2, 28)) == 70
        assert full_years(date(1952, 2, 29), date(2023, 3, 1)) == 71

    def test_the_age_limit_is_a_batch_setting(self):
        assert check(rules=replace(RULES, max_age=60), id_number=_id("19600101"))[0].field == "id_number"

    def test_without_a_usable_id_number_the_entered_birth_month_is_used(self):
        problems = check(id_number="123", birth_year_month="1900-06")
        assert by_field(problems) == {"birth": "年龄超过70周岁：截至报名截止日2024年12月2日，申报人已满124周岁"}

    def test_a_birth_month_alone_never_overstates_the_age(self):
        # born some day in December 1953: at most 71, but possibly still 70 on 2 December
        assert check(id_number=None, birth_year_month="1953-12") == []
        assert check(id_number=None, birth_year_month="1953-11")[0].field == "birth"

    def test_no_birth_information_means_no_age_problem(self):
        assert check(id_number=None, birth_year_month=None) == []
        assert check(id_number=None, birth_year_month="1953-13") == []

    def test_a_deadline_given_as_an_aware_datetime_is_read_in_beijing_time(self):
        # 2024-12-01 16:30 UTC is 2024-12-02 00:30 in Beijing
        moment = datetime(2024, 12, 1, 16, 30, tzinfo=UTC)
        assert deadline_date(moment) == date(2024, 12, 2)
        assert check(registration_deadline=moment, id_number=_id("19541202")) == []
        assert deadline_date(datetime(2024, 12, 2, 18, 30)) == DEADLINE


def test_the_defaults_are_the_seeds_rules():
    assert EligibilityRules(min_years_of_practice=8, allowed_title_levels=("正高级", "副高级"), max_age=70) == RULES
