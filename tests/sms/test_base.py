"""Phone numbers as users type them, and what logs may show of them."""
from __future__ import annotations

import pytest

from server.sms import SmsDeliveryError, mask_phone, to_e164_mainland


@pytest.mark.parametrize("typed", ["13800138000", "+8613800138000", "8613800138000",
                                   "138 0013 8000", "138-0013-8000", "+86 138 0013 8000"])
def test_a_mainland_mobile_number_becomes_e164(typed):
    assert to_e164_mainland(typed) == "+8613800138000"


@pytest.mark.parametrize("typed", ["", "12800138000", "1380013800", "138001380001", "+1 415 555 0100",
                                   "abc", "010-12345678"])
def test_anything_else_is_refused_in_chinese_before_any_request(typed):
    with pytest.raises(SmsDeliveryError) as refused:
        to_e164_mainland(typed)
    assert str(refused.value) == "手机号码格式不正确，请输入11位中国大陆手机号"
    assert refused.value.retryable is False


def test_a_masked_number_keeps_only_the_country_prefix_and_last_four_digits():
    assert mask_phone("+8613800138000") == "+86138****8000"
    assert "0013" not in mask_phone("+8613800138000")
