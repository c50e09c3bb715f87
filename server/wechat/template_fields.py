"""WeChat's limits on template values, checked before we send, and values formatted to fit them.

Subscribe messages (小程序订阅消息) and the official account's category templates (类目模板) name
each field by its type and a number (`thing1`, `time2`, `amount3`); WeChat refuses a value that
breaks the type's rule with errcode 47003 ("argument invalid! data.thing1.value invalid"). The rules
are WeChat's published table (订阅消息参数值内容限制说明). Legacy official-account templates
(`first`, `keyword1`, `remark`) have no typed limits: WeChat folds long values itself.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from server.clock import beijing

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DATE = r"(\d{4})(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2}))"
_TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
_TIME_POINT = re.compile(rf"(?:{_DATE}\s*)?{_TIME}")
_DATE_POINT = re.compile(rf"{_DATE}(?:\s*{_TIME})?")
_LEGACY_KEY = re.compile(r"first|remark|keyword\d+")


@dataclass(frozen=True)
class FieldProblem:
    key: str
    message: str  # Chinese, names the key and the rule


@dataclass(frozen=True)
class _Rule:
    label: str
    accepts: Callable[[str], bool]
    rule: str


def _matches(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda value: compiled.fullmatch(value) is not None


def _real_dates(point: re.Pattern[str]) -> Callable[[str], bool]:
    """A point or a range `A~B`, each a real calendar date (WeChat refuses 2月30日)."""
    def accepts(value: str) -> bool:
        parts = [part.strip() for part in value.split("~")]
        if len(parts) > 2:
            return False
        for part in parts:
            found = point.fullmatch(part)
            if found is None:
                return False
            year, *pairs = found.groups()[:7]
            if year is not None:
                month, day = next((m, d) for m, d in zip(pairs[::2], pairs[1::2], strict=False) if m is not None)
                try:
                    date(int(year), int(month), int(day))
                except ValueError:
                    return False
        return True
    return accepts


def _name(value: str) -> bool:
    """10 characters when any is Chinese (mixed names count as Chinese), else 20; no digits."""
    if re.search(r"\d", value):
        return False
    return len(value) <= (10 if re.search(f"[{_CJK}]", value) else 20)


RULES: dict[str, _Rule] = {
    "thing": _Rule("事物", lambda v: len(v) <= 20, "20个以内字符"),
    "number": _Rule("数字", lambda v: len(v) <= 32 and re.fullmatch(r"\d+(?:\.\d+)?", v) is not None,
                    "32位以内数字，可带小数"),
    "letter": _Rule("字母", _matches(r"[A-Za-z]{1,32}"), "32位以内字母"),
    "symbol": _Rule("符号", _matches(rf"[^\w\s{_CJK}]{{1,5}}"), "5位以内符号"),
    "character_string": _Rule("字符串", _matches(r"[!-~]{1,32}"), "32位以内数字、字母或符号"),
    "time": _Rule("时间", _real_dates(_TIME_POINT), "24小时制时间，如 15:01 或 2019年10月1日 15:01"),
    "date": _Rule("日期", _real_dates(_DATE_POINT), "年月日，如 2019年10月1日 或 2019年10月1日 15:01"),
    "amount": _Rule("金额", _matches(r"[￥¥$€£]?\d{1,10}(?:\.\d{1,2})?元?"),
                    "1个币种符号加10位以内数字，可带小数，结尾可带“元”"),
    "phone_number": _Rule("电话", _matches(r"[\d+\-() ]{1,17}"), "17位以内数字和符号"),
    "car_number": _Rule("车牌", lambda v: len(v) <= 8 and re.fullmatch(
        rf"[{_CJK}]?[A-Za-z0-9]+[{_CJK}]?", v) is not None, "8位以内，首尾可为汉字，其余为字母或数字"),
    "name": _Rule("姓名", _name, "10个以内汉字或20个以内字母"),
    "phrase": _Rule("汉字", _matches(f"[{_CJK}]{{1,5}}"), "5个以内汉字"),
    "enum": _Rule("枚举值", lambda v: True, "模板的枚举值之一"),
}


def field_type(key: str) -> str:
    """'thing1' → 'thing', 'character_string12' → 'character_string'."""
    return key.rstrip("0123456789")


def _problem(key: str, value: object, *, unknown_types_pass: bool) -> FieldProblem | None:
    if not isinstance(value, str) or not value.strip():
        return FieldProblem(key, f"{key} 不能为空")
    kind = field_type(key)
    rule = RULES.get(kind)
    if rule is None:
        return None if unknown_types_pass else FieldProblem(
            key, f"{key} 不是订阅消息的字段类型（可用：{'、'.join(RULES)}）")
    if rule.accepts(value):
        return None
    return FieldProblem(key, f"{key}（{rule.label}）须为{rule.rule}，现为“{value}”（{len(value)}个字符）")


def subscribe_data_problems(data: Mapping[str, object]) -> list[FieldProblem]:
    """Every value of a subscribe message that WeChat would refuse (47003), in key order."""
    if not data:
        return [FieldProblem("data", "模板内容不能为空")]
    return [problem for key, value in data.items()
            if (problem := _problem(key, value, unknown_types_pass=False)) is not None]


def template_data_problems(data: Mapping[str, object]) -> list[FieldProblem]:
    """The same for an official-account template message: typed keys are checked; legacy keys
    (first, keywordN, remark) and types WeChat adds later go through unchecked."""
    if not data:
        return [FieldProblem("data", "模板内容不能为空")]
    problems = []
    for key, value in data.items():
        if _LEGACY_KEY.fullmatch(key):
            problem = None if isinstance(value, str) and value.strip() else FieldProblem(key, f"{key} 不能为空")
        else:
            problem = _problem(key, value, unknown_types_pass=True)
        if problem is not None:
            problems.append(problem)
    return problems


# -- values that fit ---------------------------------------------------------------------------

def wechat_time(moment: datetime) -> str:
    """A `time` value in Beijing time: '2024年12月2日 18:30'."""
    local = beijing(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def wechat_date(day: date) -> str:
    """A `date` value: '2024年12月2日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def wechat_amount(fen: int) -> str:
    """An `amount` value from integer fen: 35000 → '350.00元'."""
    if fen < 0:
        raise ValueError("an amount is never negative")
    return f"{fen // 100}.{fen % 100:02d}元"


def clip_thing(text: str) -> str:
    """A `thing` value of at most 20 characters, cut with an ellipsis when longer."""
    return text if len(text) <= 20 else text[:19] + "…"
