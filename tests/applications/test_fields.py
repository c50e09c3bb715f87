"""Format rules of single form fields: each gives a Chinese message or None."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.applications.rules.fields import (
    email_error,
    mobile_error,
    office_phone_error,
    work_unit_error,
)


class TestMobile:
    @pytest.mark.parametrize("value", ["19190245330", "17611231593", "13000000000", " 13800138000 "])
    def test_mainland_mobile_numbers(self, value):
        assert mobile_error(value) is None

    @pytest.mark.parametrize(
        "value", ["123213", "12000000000", "1919024533", "191902453301", "+8619190245330", "1919024533a", "１９１９０２４５３３０"]
    )
    def test_anything_else(self, value):
        assert mobile_error(value) == "请输入正确的11位手机号"

    def test_required_unless_it_is_the_backup_number(self):
        assert mobile_error("") == "请输入手机号"
        assert mobile_error(None, required=False) is None
        assert mobile_error("123213", required=False) == "请输入正确的11位手机号"  # the seed's 备用手机号

    @given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
    def test_every_number_of_the_pattern_is_accepted(self, value):
        assert mobile_error(value) is None


class TestEmail:
    @pytest.mark.parametrize("value", ["123213@123.io", "zhang.san@example.com", "a_b-c+d@mail.xj.gov.cn"])
    def test_well_formed_addresses(self, value):
        assert email_error(value) is None

    @pytest.mark.parametrize(
        "value",
        ["123213", "a@b", "a@b.c", "@example.com", "a@@example.com", "a b@example.com", "a..b@example.com",
         ".a@example.com", "a@-example.com", "a@example..com", "张三@example.com"],
    )
    def test_malformed_addresses_name_the_limit(self, value):
        assert email_error(value) == "请输入正确的电子邮箱地址（最多30个字符），如 name@example.com"

    def test_at_most_30_characters(self):
        thirty = "a" * 18 + "@example.com"
        assert len(thirty) == 30 and email_error(thirty) is None
        assert email_error("a" + thirty) == "电子邮箱最多30个字符（当前31个）"

    def test_required(self):
        assert "请输入电子邮箱" in email_error(" ")
        assert "30" in email_error(None)


class TestWorkUnit:
    def test_none_is_written_as_wu(self):
        assert work_unit_error("无") is None
        assert work_unit_error("") == "请输入工作单位名称，没有请填写“无”"

    def test_at_most_50_characters(self):
        assert work_unit_error("新" * 50) is None
        assert work_unit_error("新" * 51) == "工作单位名称最多50个字符（当前51个）"


class TestOfficePhone:
    @pytest.mark.parametrize("value", ["010123648", "0991-8837428", "(0991)8837410", "+86-991-8837428", ""])
    def test_accepted(self, value):
        assert office_phone_error(value) is None

    def test_at_most_15_characters(self):
        assert office_phone_error("0991-8837428-12") is None
        assert office_phone_error("0991-8837428-123") == "工作单位办公电话最多15个字符（当前16个）"

    @pytest.mark.parametrize("value", ["0991 8837428", "0991-883742a", "86+991", "--", "转8837428"])
    def test_only_digits_dashes_parentheses_and_a_leading_plus(self, value):
        assert office_phone_error(value) == "工作单位办公电话只能包含数字、“-”、括号，可以“+”开头"

    def test_optional_unless_required(self):
        assert office_phone_error(None) is None
        assert office_phone_error(None, required=True) == "请输入工作单位办公电话"
