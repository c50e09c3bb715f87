"""WeChat's limits on template values (订阅消息参数值内容限制说明), with WeChat's own examples."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.wechat.template_fields import (
    clip_thing,
    field_type,
    subscribe_data_problems,
    template_data_problems,
    wechat_amount,
    wechat_date,
    wechat_time,
)


def _refused(key: str, value: str) -> bool:
    return bool(subscribe_data_problems({key: value}))


@pytest.mark.parametrize("key, value", [
    # The examples in WeChat's table.
    ("time1", "15:01"), ("time1", "2019年10月1日 15:01"), ("date1", "2019年10月1日"),
    ("date1", "2019年10月1日 15:01"), ("phone_number1", "+86-0766-66888866"),
    ("car_number1", "粤A8Z888挂"), ("phrase1", "配送中"),
    # Ours.
    ("thing1", "资格审核结果已出，请查看详情"), ("thing2", "x" * 20), ("number1", "350"),
    ("number1", "12.5"), ("letter1", "ABC"), ("symbol1", "+-"), ("character_string1", "B001-650100-0001"),
    ("amount1", "350.00元"), ("amount1", "￥350"), ("name1", "张三"), ("name1", "John Smith"),
    ("time1", "2024年12月2日 10:30~2024年12月4日 18:30"), ("date1", "2024-12-04"), ("enum1", "任意"),
])
def test_values_wechat_accepts_pass(key, value):
    assert subscribe_data_problems({key: value}) == []


@pytest.mark.parametrize("key, value", [
    ("thing1", "x" * 21), ("phrase1", "配送中了吗呀"), ("phrase1", "ok"), ("number1", "1" * 33),
    ("number1", "三百"), ("letter1", "AB1"), ("symbol1", "++++++"), ("character_string1", "编号1"),
    ("character_string1", "x" * 33), ("time1", "下午三点"), ("time1", "25:00"), ("date1", "2019年2月30日"),
    ("date1", "15:01"), ("amount1", "12345678901元"), ("amount1", "三百五十元"), ("name1", "欧阳" * 6),
    ("name1", "x" * 21), ("name1", "张3"), ("phone_number1", "1" * 18), ("car_number1", "粤A8Z888挂12"),
    ("thing1", ""), ("thing1", "   "),
])
def test_values_wechat_refuses_are_refused(key, value):
    assert _refused(key, value)


def test_a_problem_names_the_key_the_rule_and_the_length():
    [problem] = subscribe_data_problems({"thing1": "一" * 21})
    assert problem.key == "thing1"
    assert "thing1" in problem.message and "20个以内字符" in problem.message and "21个字符" in problem.message


def test_a_subscribe_message_needs_data_of_known_types():
    assert subscribe_data_problems({})[0].message == "模板内容不能为空"
    [problem] = subscribe_data_problems({"keyword1": "旧式字段"})
    assert "不是订阅消息的字段类型" in problem.message


def test_template_messages_check_typed_keys_and_let_legacy_ones_through():
    assert template_data_problems({"first": "长" * 40, "keyword1": "x" * 50, "remark": "备注"}) == []
    assert template_data_problems({"short_thing1": "WeChat's newer type"}) == []
    assert [p.key for p in template_data_problems({"thing1": "x" * 21, "keyword2": ""})] == ["thing1", "keyword2"]


def test_every_problem_is_listed_at_once():
    problems = subscribe_data_problems({"thing1": "x" * 21, "phrase2": "已通过", "time3": "明天"})
    assert [p.key for p in problems] == ["thing1", "time3"]


def test_field_type_is_the_key_without_its_number():
    assert field_type("thing12") == "thing" and field_type("character_string2") == "character_string"


def test_values_made_by_the_formatters_fit_their_types():
    deadline = datetime(2024, 12, 2, 10, 30, tzinfo=UTC)  # 18:30 in Beijing
    assert wechat_time(deadline) == "2024年12月2日 18:30"
    assert wechat_date(date(2024, 12, 4)) == "2024年12月4日"
    assert wechat_amount(35000) == "350.00元" and wechat_amount(5) == "0.05元"
    long_title = "关于2024年第二批评标专家培训及测试安排的通知"
    assert len(clip_thing(long_title)) == 20 and clip_thing(long_title).endswith("…")
    assert clip_thing("短标题") == "短标题"
    assert subscribe_data_problems({"time1": wechat_time(deadline), "date2": wechat_date(date(2024, 12, 4)),
                                    "amount3": wechat_amount(35000), "thing4": clip_thing(long_title)}) == []


def test_an_amount_is_never_negative():
    with pytest.raises(ValueError):
        wechat_amount(-1)
