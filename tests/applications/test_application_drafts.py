"""The application as a draft: created on first read, saved section by section, format-checked."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from server.applications.models import Application, ApplicationState
from tests.fixtures.forms import CURRENT, allowed, fill_complete, refused_fields, valid_id
from tests.fixtures.meanwhile import committed_meanwhile


def test_the_first_read_creates_an_empty_draft_in_the_current_batch(client, applicant):
    body = client.get(CURRENT, headers=applicant).json
    assert (body["state"], body["state_label"]) == ("draft", "资料填写") and "edit" in allowed(body)
    assert body["batch"]["name"] == "2026年全区第二批"
    assert body["evaluation"]["mobile"] == "13800138000"
    assert body["basic"]["name"] is None and body["certificates"] == []
    assert client.get(CURRENT, headers=applicant).json["id"] == body["id"]


def test_no_batch_means_no_application(client, register):
    from tests.fixtures.accounts import bearer

    token = register()["token"]
    response = client.get(CURRENT, headers=bearer(token))
    assert response.status_code == 404 and response.json["message"] == "当前没有开放的选聘批次"


def test_a_section_saves_part_of_its_fields_and_leaves_the_rest(client, applicant):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "苏航", "school": "新疆大学"})
    response = client.put(f"{CURRENT}/basic", headers=applicant, json={"major": "土木工程"})
    assert response.status_code == 200
    basic = response.json["basic"]
    assert (basic["name"], basic["school"], basic["major"]) == ("苏航", "新疆大学", "土木工程")


def test_a_change_landing_between_a_saves_check_and_its_write_stays_beside_the_save(app, client, applicant):
    """The save writes the application as it checked it only if nobody wrote it since; another
    request's change in between (the major, from a second phone) is read again, not overwritten."""
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "苏航"})
    major_set = update(Application).values(major="土木工程", version=Application.version + 1)
    with committed_meanwhile(app, major_set, before="UPDATE applications SET school") as changed:
        response = client.put(f"{CURRENT}/basic", headers=applicant, json={"school": "新疆大学"})
    assert changed and response.status_code == 200
    basic = client.get(CURRENT, headers=applicant).json["basic"]
    assert (basic["name"], basic["school"], basic["major"]) == ("苏航", "新疆大学", "土木工程")


def test_a_save_landing_after_a_submit_in_between_is_refused_and_changes_nothing(app, client, applicant):
    fill_complete(client, applicant, id_number=valid_id())
    submitted = update(Application).values(state=ApplicationState.info_submitted,
                                           version=Application.version + 1)
    with committed_meanwhile(app, submitted, before="UPDATE applications SET school") as changed:
        response = client.put(f"{CURRENT}/basic", headers=applicant, json={"school": "喀什大学"})
    assert changed and response.status_code == 409, response.get_data(as_text=True)
    assert client.get(CURRENT, headers=applicant).json["basic"]["school"] != "喀什大学"


def test_the_id_number_fills_birth_and_gender_and_is_stored_upper_case(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json={"id_number": "41018219000622757x"})
    basic = response.json["basic"]
    assert (basic["id_number"], basic["birth"], basic["gender"]) == ("41018219000622757X", "1900-06", "男")


@pytest.mark.parametrize(("section", "body", "field", "message"), [
    ("basic", {"id_number": "41018219000622757 "[:17] + "1"}, "basic.id_number", None),
    ("basic", {"name": "x" * 31}, "basic.name", "姓名不能超过30个字符"),
    ("basic", {"birth": "1975/06"}, "basic.birth", "出生年月格式应为 YYYY-MM，例如 1975-06"),
    ("basic", {"photo_file_id": "abc"}, "basic.photo_file_id", "一寸免冠照的文件编号不正确"),
    ("qualification", {"years_of_practice": 21321}, "qualification.years_of_practice",
     "从事专业年限须为0至999之间的整数，最多3位数字（如5年就填5）"),
    ("qualification", {"years_of_practice": 5.5}, "qualification.years_of_practice", None),
    ("qualification", {"work_unit": "单" * 51}, "qualification.work_unit", "工作单位名称不能超过50个字符"),
    ("qualification", {"unit_credit_code": "91310110076408176"}, "qualification.unit_credit_code",
     "统一社会信用代码应为18位"),
    ("qualification", {"unit_office_phone": "0991-88374281234"}, "qualification.unit_office_phone",
     "工作单位办公电话不能超过15个字符"),
    ("qualification", {"profession_level1": "A02", "profession_level2": "A0401"},
     "qualification.profession_level2", "二级专业须在所选一级专业下选择"),
    ("evaluation", {"email": "123213@123"}, "evaluation.email", None),
    ("evaluation", {"email": "a" * 25 + "@x.com"}, "evaluation.email", "电子邮箱不能超过30个字符"),
    ("evaluation", {"backup_mobile": "123213"}, "evaluation.backup_mobile", "请输入正确的11位手机号"),
    ("evaluation", {"accepts_remote_evaluation": "maybe"}, "evaluation.accepts_remote_evaluation",
     "是否接受异地评标须为是或否"),
    ("experience", {"unknown": 1}, "experience.unknown", "不支持的字段"),
])
def test_a_malformed_value_is_answered_by_field_and_not_stored(client, applicant, section, body, field, message):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "苏航"})
    before = client.get(CURRENT, headers=applicant).json
    response = client.put(f"{CURRENT}/{section}", headers=applicant, json=body)
    assert response.status_code == 200
    assert field in response.json["field_problems"]
    if message:
        assert response.json["field_problems"][field] == message
    after = client.get(CURRENT, headers=applicant).json
    name = field.split(".", 1)[1]
    assert after[section].get(name) == before[section].get(name) and after["basic"]["name"] == "苏航"


def test_the_valid_fields_of_a_save_are_stored_beside_a_refused_one(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant,
                          json={"name": "苏航", "birth": "1975/06", "school": "新疆大学", "photo_file_id": "abc"})
    assert response.status_code == 200
    assert response.json["field_problems"] == {"basic.birth": "出生年月格式应为 YYYY-MM，例如 1975-06",
                                               "basic.photo_file_id": "一寸免冠照的文件编号不正确"}
    basic = client.get(CURRENT, headers=applicant).json["basic"]
    assert (basic["name"], basic["school"], basic["birth"], basic["photo_file_id"]) == ("苏航", "新疆大学", None, None)


def test_a_body_that_is_not_an_object_is_refused_whole(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json=["苏航"])
    assert response.status_code == 400 and response.json["message"] == "请求内容须为 JSON 对象"


def test_a_credit_code_failing_its_checksum_is_kept_as_a_warning_to_confirm(client, applicant):
    response = client.put(f"{CURRENT}/qualification", headers=applicant,
                            json={"work_unit": "某某设计院", "unit_credit_code": "91310110076408176q"})
    assert response.status_code == 200
    assert response.json["qualification"]["unit_credit_code"] == "91310110076408176Q"
    warnings = response.json["warnings"]
    assert [w["field"] for w in warnings] == ["qualification.unit_credit_code"]
    confirmed = client.put(f"{CURRENT}/qualification", headers=applicant,
                             json={"unit_credit_code_confirmed": True})
    assert confirmed.json["warnings"] == []


def test_certificates_and_avoidance_units_are_lists_of_any_length(client, applicant):
    first = client.post(f"{CURRENT}/certificates", headers=applicant,
                        json={"name": "一级注册建造师", "registration_number": "新165060812345"})
    assert first.status_code == 201
    second = client.post(f"{CURRENT}/certificates", headers=applicant, json={"name": "注册监理工程师"})
    ids = [c["id"] for c in second.json["certificates"]]
    assert len(ids) == 2
    edited = client.put(f"{CURRENT}/certificates/{ids[1]}", headers=applicant,
                          json={"registration_number": "65012345"})
    assert edited.json["certificates"][1]["registration_number"] == "65012345"
    removed = client.delete(f"{CURRENT}/certificates/{ids[0]}", headers=applicant)
    assert [c["name"] for c in removed.json["certificates"]] == ["注册监理工程师"]
    unit = client.post(f"{CURRENT}/avoidance-units", headers=applicant,
                       json={"name": "新疆某建设集团有限公司", "credit_code": "91310110076408176P",
                             "description": "曾任职"})
    assert unit.json["avoidance_units"][0]["credit_code"] == "91310110076408176P"
    bad = client.post(f"{CURRENT}/avoidance-units", headers=applicant, json={"credit_code": "123"})
    assert bad.status_code == 422 and bad.json["fields"] == {"avoidance_units[1].credit_code": "统一社会信用代码应为18位"}


def test_another_applicants_list_item_is_not_found(client, applicant, register, clock):
    from tests.fixtures.accounts import bearer

    item = client.post(f"{CURRENT}/certificates", headers=applicant, json={"name": "证书"}).json["certificates"][0]
    clock.shift(61)
    other = bearer(register(username="li_si", phone="13900139000")["token"])
    response = client.put(f"{CURRENT}/certificates/{item['id']}", headers=other, json={"name": "改"})
    assert response.status_code == 404


def test_the_picker_asks_the_server_before_each_pick(client, applicant):
    ok = client.post(f"{CURRENT}/specialties/check", headers=applicant,
                     json={"primary": ["A04", "A0401"], "alternate": []})
    assert ok.json == {"problems": []}
    fifth = client.post(f"{CURRENT}/specialties/check", headers=applicant, json={
        "primary": ["A04", "A0401", "A040101", "A040102", "A040103", "A040104", "A040105"]})
    assert [p["code"] for p in fifth.json["problems"]] == ["A040105"]
    other_branch = client.post(f"{CURRENT}/specialties/check", headers=applicant,
                               json={"primary": ["A04", "A0201"]})
    assert other_branch.json["problems"][0]["message"] == (
        "首选评标专业的二级类别须在所选一级类别下选报：A0201 项目建议、可行性研究、评估及后评价")
    saved = client.put(f"{CURRENT}/specialties", headers=applicant, json={"primary": ["A04", "A0201"]})
    assert saved.status_code == 200 and saved.json["specialties"]["primary"] == []
    assert saved.json["field_problems"]["specialties.primary.level2"].startswith("首选评标专业的二级类别须在所选一级类别下选报")


def test_the_commitment_letter_template_carries_the_applicants_name(client, applicant):
    from io import BytesIO

    from pypdf import PdfReader

    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "苏航"})
    response = client.get(f"{CURRENT}/commitment-letter.pdf", headers=applicant)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(BytesIO(response.data)).pages[0].extract_text()
    assert "评标专家诚信承诺书" in text and "苏航" in text and "2026年全区第二批" in text


def test_nothing_of_the_application_is_reachable_without_a_login(client, batch):
    for method, path in (("get", CURRENT), ("put", f"{CURRENT}/basic"), ("post", f"{CURRENT}/submit"),
                         ("get", f"{CURRENT}/problems")):
        response = getattr(client, method)(path, json={})
        assert response.status_code == 401, path


def test_a_confirmation_covers_only_the_code_that_was_confirmed(client, applicant):
    client.put(f"{CURRENT}/qualification", headers=applicant,
                 json={"work_unit": "某某设计院", "unit_credit_code": "91310110076408176Q",
                       "unit_credit_code_confirmed": True})
    changed = client.put(f"{CURRENT}/qualification", headers=applicant,
                           json={"unit_credit_code": "91310110076408176R"})
    assert changed.json["qualification"]["unit_credit_code_confirmed"] is False
    assert [w["field"] for w in changed.json["warnings"]] == ["qualification.unit_credit_code"]
    unit = client.post(f"{CURRENT}/avoidance-units", headers=applicant, json={
        "name": "某公司", "credit_code": "91310110076408176Q", "credit_code_confirmed": True}).json
    unit_id = unit["avoidance_units"][0]["id"]
    edited = client.put(f"{CURRENT}/avoidance-units/{unit_id}", headers=applicant,
                          json={"credit_code": "91310110076408176R"})
    assert edited.json["avoidance_units"][0]["credit_code_confirmed"] is False


def test_a_new_id_number_brings_its_own_birth_and_gender(client, applicant):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"id_number": "41018219000622757X"})
    basic = client.put(f"{CURRENT}/basic", headers=applicant,
                         json={"id_number": "11010519491231002X"}).json["basic"]
    assert (basic["birth"], basic["gender"]) == ("1949-12", "女")


@pytest.mark.parametrize("codes", [[None], ["A04", 5], ["A0401010101"]])
def test_malformed_specialty_codes_are_refused_in_chinese(client, applicant, codes):
    response = client.put(f"{CURRENT}/specialties", headers=applicant, json={"primary": codes})
    message = next(iter(refused_fields(response).values()))
    assert message.startswith("首选评标专业中的专业代码")


@pytest.mark.parametrize(("method", "path", "body", "field", "message"), [
    ("put", "basic", {"photo_file_id": 99999999999999999999}, "basic.photo_file_id", "一寸免冠照的文件编号不正确"),
    ("put", "basic", {"photo_file_id": 0}, "basic.photo_file_id", "一寸免冠照的文件编号不正确"),
    ("post", "certificates", {"proof_file_id": 99999999999999999999}, "certificates.proof_file_id",
     "证书 PDF 证明的文件编号不正确"),
    ("post", "submit-for-review", {"signed_sheet_file_id": 2**31}, "signed_sheet_file_id",
     "签字盖章的申请和资格审查表的文件编号不正确"),
])
def test_a_file_number_too_large_for_an_id_is_refused_naming_the_field(client, applicant, method, path, body,
                                                                       field, message):
    response = getattr(client, method)(f"{CURRENT}/{path}", headers=applicant, json=body)
    assert refused_fields(response) == {field: message}


def test_an_item_number_too_large_for_an_id_is_404(client, applicant):
    response = client.put(f"{CURRENT}/certificates/99999999999999999999", headers=applicant, json={})
    assert response.status_code == 404 and response.json["code"] == "not_found"


def test_a_null_confirmation_is_no_confirmation(client, applicant):
    saved = client.put(f"{CURRENT}/qualification", headers=applicant,
                         json={"unit_credit_code": "91310110076408176Q", "unit_credit_code_confirmed": None})
    assert saved.status_code == 200 and saved.json["qualification"]["unit_credit_code_confirmed"] is False
    unit = client.post(f"{CURRENT}/avoidance-units", headers=applicant,
                       json={"name": "某公司", "credit_code_confirmed": None})
    assert unit.status_code == 201 and unit.json["avoidance_units"][0]["credit_code_confirmed"] is False
    unit_id = unit.json["avoidance_units"][0]["id"]
    edited = client.put(f"{CURRENT}/avoidance-units/{unit_id}", headers=applicant,
                          json={"credit_code_confirmed": None})
    assert edited.status_code == 200 and edited.json["avoidance_units"][0]["credit_code_confirmed"] is False


@pytest.mark.parametrize(("method", "path", "body", "field", "message"), [
    ("put", "experience", {"work_experience": "\x00"}, "experience.work_experience", "工作经历含有无法识别的字符"),
    ("put", "specialties", {"primary": ["A04\x00"]}, "specialties.primary.0", "首选评标专业中的专业代码格式不正确"),
    ("post", "avoidance-units", {"name": "某\x00公司"}, "avoidance_units.name", "回避单位全称含有无法识别的字符"),
])
def test_a_nul_character_is_refused_naming_the_field(client, applicant, method, path, body, field, message):
    """PostgreSQL cannot store NUL in text: it is a 422 on every database, never a 500."""
    response = getattr(client, method)(f"{CURRENT}/{path}", headers=applicant, json=body)
    assert refused_fields(response) == {field: message}
