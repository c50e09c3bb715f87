"""The review sheet's rows: the seed's table, field by field and in its order, read from a frozen form."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.applications.personal_data import encrypt_id_number, mask_id_number
from server.applications.rules.id_number import check_character
from server.clock import BEIJING
from server.documents.review_sheet import TITLE, birth_with_age, review_sheet_rows
from server.reference.catalog import bundled_catalog
from server.reference.options import bundled_options
from tests.fixtures.forms import seed_sample

SEED_DEADLINE = datetime(2024, 12, 2, 18, 30, tzinfo=BEIJING)


def rows_of(data: dict, deadline: datetime = SEED_DEADLINE) -> list[dict]:
    return [row.as_dict() for row in review_sheet_rows(
        data, catalog=bundled_catalog(), options=bundled_options(), registration_deadline=deadline)]


def pairs(rows: list[dict]) -> list[tuple]:
    """Each row as a tuple of (label, value) pairs, or ("#", heading)."""
    return [(("#", row["heading"]),) if "heading" in row else
            tuple((cell["label"], cell["value"]) for cell in row["cells"]) for row in rows]


def seed_form(**changes) -> dict:
    data = seed_sample()
    data["basic"]["political_affiliation"] = "05"
    for section, values in changes.items():
        data[section] = {**data[section], **values} if isinstance(values, dict) else values
    return data


def test_the_title_is_the_seeds():
    assert TITLE == "新疆维吾尔自治区征集（特聘）房屋建筑和市政基础设施工程评标专家申请和资格审查表"


def test_the_seeds_sample_reads_as_the_seeds_table_in_its_order():
    assert pairs(rows_of(seed_form())) == [
        (("姓名", "苏航"), ("性别", "男")),
        (("出生年月（周岁）", "1900-06（124岁）"), ("政治面貌", "中国民主同盟盟员")),
        (("所在市州", "克拉玛依市"), ("职称", "123213（副高级）")),
        (("身份证", "41018219000622757X"), ("新增或续聘", "新增")),
        (("从事专业类别", "投资策划与决策/A0201项目建议、可行性研究、评估及后评价"), ("从事专业年限", "21321年")),
        (("最高学历", "大专"), ("最高学位", "硕士")),
        (("毕业院校", "12321"),),
        (("所学专业", "312313"),),
        (("职业资格名称1", "132213"), ("注册证书编号1", "123123")),
        (("是否异地评标", "否"), ("是否愿意成为应急专家", "否")),
        (("工作单位", "3123213"),),
        (("工作单位统一社会信用代码", "91310110076408176P"), ("办公电话", "010123648")),
        (("本人电子邮箱", "123213@123.io"),),
        (("本人手机号码", "17611231593"),),
        (("备用手机号", "123213"),),
        (("#", "首选评标专业"),),
        (("一级类别", "A04设计"),),
        (("二级类别", "A0401建筑工程"),),
        (("三级类别", "A040101建筑总平面规划"),),
        (("备选评标专业", "无"),),
        (("回避单位", "无"),),
        (("工作经历", "…"),),
        (("评标经历", "无"),),
    ]


def test_certificates_are_numbered_and_avoidance_units_listed_in_order():
    data = seed_form(
        certificates=[{"name": f"证书{n}", "registration_number": f"编号{n}"} for n in (1, 2, 3)],
        avoidance_units=[{"name": "甲公司", "credit_code": "91310110076408176P", "description": "曾任职"},
                         {"name": "乙公司", "credit_code": None, "description": "亲属任职"}])
    found = pairs(rows_of(data))
    assert [row for row in found if row[0][0].startswith("职业资格")] == [
        (("职业资格名称1", "证书1"), ("注册证书编号1", "编号1")),
        (("职业资格名称2", "证书2"), ("注册证书编号2", "编号2")),
        (("职业资格名称3", "证书3"), ("注册证书编号3", "编号3"))]
    start = found.index((("#", "回避单位"),))
    assert found[start + 1:start + 5] == [
        (("回避单位1全称", "甲公司"), ("信用代码", "91310110076408176P")), (("情况概述", "曾任职"),),
        (("回避单位2全称", "乙公司"), ("信用代码", "")), (("情况概述", "亲属任职"),)]


def test_no_certificate_says_none():
    assert (("职业资格名称", "无"),) in pairs(rows_of(seed_form(certificates=[])))


def test_primary_and_alternate_specialties_by_level_with_codes_and_names():
    data = seed_form(specialties={"primary": ["A04", "A0401", "A040101", "A040102", "A0402", "A040201"],
                                  "alternate": ["A02", "A0201"]})
    found = pairs(rows_of(data))
    start = found.index((("#", "首选评标专业"),))
    catalog = bundled_catalog()
    names = {code: catalog[code].name for code in ("A040102", "A0402", "A040201")}
    assert found[start:start + 7] == [
        (("#", "首选评标专业"),),
        (("一级类别", "A04设计"),),
        (("二级类别", "A0401建筑工程"), ("二级类别", f"A0402{names['A0402']}")),
        (("三级类别", "A040101建筑总平面规划"), ("三级类别", f"A040102{names['A040102']}")),
        (("三级类别", f"A040201{names['A040201']}"),),
        (("#", "备选评标专业"),),
        (("一级类别", "A02投资策划与决策"),),
    ]
    assert found[start + 7] == (("二级类别", "A0201项目建议、可行性研究、评估及后评价"),)


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


DEC_2 = datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING)


@pytest.mark.parametrize(("birth", "id_number", "expected"), [
    ("1975-06", "", "1975-06（51岁）"),
    # From the ID number's day: 51 the day before the birthday, 52 on it.
    ("1974-12", with_check("65010219741203001"), "1974-12（51岁）"),
    ("1974-12", with_check("65010219741202001"), "1974-12（52岁）"),
    # Without a number, the month's last day: the age is never overstated.
    ("1974-12", "", "1974-12（51岁）"),
    ("", "", ""),
    ("19xx-01", "", "19xx-01"),
])
def test_the_age_is_counted_at_the_registration_deadline(birth, id_number, expected):
    assert birth_with_age(birth, id_number, DEC_2.date()) == expected


def test_the_deadline_is_read_in_beijing_time():
    # 2026-12-01 16:30 UTC is 2 December 00:30 in Beijing: this applicant's 52nd birthday.
    data = seed_form(basic={"id_number": with_check("65010219741202001"), "birth": "1974-12"})
    deadline = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    assert pairs(rows_of(data, deadline))[1][0] == ("出生年月（周岁）", "1974-12（52岁）")


def test_codes_become_names_and_flags_become_yes_or_no():
    data = seed_form(basic={"political_affiliation": "01", "prefecture_code": "650100"},
                     evaluation={"accepts_remote_evaluation": True, "willing_emergency_expert": True},
                     renewal={"kind": "renewal"})
    found = dict(cell for row in pairs(rows_of(data)) for cell in row)
    assert found["政治面貌"] == "中国共产党党员"
    assert found["所在市州"] == "乌鲁木齐市"
    assert (found["是否异地评标"], found["是否愿意成为应急专家"]) == ("是", "是")
    assert found["新增或续聘"] == "续聘"


def test_a_snapshot_prints_the_full_id_number_decrypted(app_context):
    number = "41018219000622757X"
    data = seed_form()
    del data["basic"]["id_number"]
    data["basic"]["id_number_encrypted"] = encrypt_id_number(number)
    data["basic"]["id_number_masked"] = mask_id_number(number)
    assert pairs(rows_of(data))[3][0] == ("身份证", number)


def test_the_json_shape_of_a_row():
    rows = rows_of(seed_form())
    assert rows[0] == {"cells": [{"label": "姓名", "value": "苏航"}, {"label": "性别", "value": "男"}]}
    assert {"heading": "首选评标专业"} in rows
