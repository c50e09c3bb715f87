"""What the saved values already tell is said at save, not only at submit: the age from the ID number
(or the birth month), years and title level the batch refuses, an ID number another account submitted."""
from __future__ import annotations

from tests.fixtures.accounts import bearer
from tests.fixtures.forms import CURRENT, submit_info, valid_id


def _warnings(response) -> dict[str, str]:
    return {w["field"]: w["message"] for w in response.json["warnings"]}


def test_the_age_limit_is_said_as_soon_as_the_id_number_gives_the_birth_date(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json={"id_number": valid_id(1950)})
    assert response.status_code == 200 and response.json["field_problems"] == {}
    assert response.json["basic"]["birth"] == "1950-01"  # stored: the number itself is right
    assert _warnings(response)["basic.id_number"] == "年龄超过70周岁：截至报名截止日2026年12月2日，申报人已满76周岁"


def test_without_an_id_number_the_birth_month_tells_the_age(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json={"birth": "1940-03"})
    assert _warnings(response)["basic.birth"].startswith("年龄超过70周岁")


def test_an_id_number_within_the_age_limit_brings_no_warning(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json={"id_number": valid_id(1975)})
    assert "basic.id_number" not in _warnings(response)


def test_years_and_title_level_the_batch_refuses_are_said_at_save(client, applicant):
    years = client.put(f"{CURRENT}/qualification", headers=applicant, json={"years_of_practice": 3})
    assert _warnings(years)["qualification.years_of_practice"] == "从事专业年限须满8年（当前填写3年）"
    level = client.put(f"{CURRENT}/basic", headers=applicant, json={"title_level": "中级"})
    assert _warnings(level)["basic.title_level"] == "本批次要求职称级别为正高级或副高级（当前为中级）"


def test_an_id_number_another_account_submitted_is_said_when_entered_without_naming_it(
        client, applicant, register, clock):
    number = valid_id(1975, "123")
    submit_info(client, applicant, number)
    clock.shift(61)
    other = bearer(register(username="li_si", phone="13900139000")["token"])
    response = client.put(f"{CURRENT}/basic", headers=other, json={"id_number": number})
    assert response.status_code == 200
    message = _warnings(response)["basic.id_number"]
    assert message.startswith("该身份证号码已在本批次提交过申请，本申请将无法提交")
    assert not any(secret in message for secret in ("张三", "zhang_san", "13800138000", "138"))
    own = client.get(CURRENT, headers=applicant).json
    assert "basic.id_number" not in {w["field"] for w in own.get("warnings", [])}
