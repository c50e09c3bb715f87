"""Completeness and submit: every problem at once, eligibility, deadline, one per ID number."""
from __future__ import annotations

import threading
from datetime import datetime
from io import BytesIO

from sqlalchemy import func, select

from server.applications.completeness import application_problems
from server.applications.models import Application, ApplicationSnapshot
from server.applications.rules.eligibility import EligibilityRules
from server.clock import BEIJING
from server.extensions import db
from server.reference.catalog import bundled_catalog
from tests import samples
from tests.accounts.conftest import bearer

CURRENT = "/api/v1/applications/current"
VALID_ID = "11010519491231002X"  # GB 11643's own example: born 1949-12-31, female
YOUNGER_ID = "650102198001010010"


def valid_id(year: int = 1975, sequence: str = "001") -> str:
    """A checksum-valid Urumqi ID number (650102) born on 1 January of `year`."""
    from server.applications.rules.id_number import check_character

    first17 = f"650102{year}0101{sequence}"
    return first17 + check_character(first17)


def upload(client, headers, kind: str, data: bytes, name: str) -> int:
    response = client.post("/api/v1/files", headers=headers,
                           data={"kind": kind, "file": (BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    return response.json["id"]


def fill_complete(client, headers, *, id_number: str) -> None:
    """Everything a complete application needs, through the API as the mini-program sends it."""
    photo = samples.jpeg(300, 420)
    ids = {kind: upload(client, headers, kind, photo, f"{kind}.jpg")
           for kind in ("photo", "id_card_front", "id_card_back")}
    pdfs = {kind: upload(client, headers, kind, samples.pdf(kind), f"{kind}.pdf")
            for kind in ("title_certificate", "education_proof", "commitment_letter", "certificate_proof")}
    sections = {
        "basic": {"name": "张三", "id_number": id_number, "political_affiliation": "13",
                  "prefecture_code": "650100", "title": "高级工程师", "title_level": "副高级",
                  "education": "大学本科", "degree": "学士", "school": "新疆大学", "major": "土木工程",
                  "photo_file_id": ids["photo"], "id_card_front_file_id": ids["id_card_front"],
                  "id_card_back_file_id": ids["id_card_back"],
                  "title_certificate_file_id": pdfs["title_certificate"],
                  "education_proof_file_id": pdfs["education_proof"]},
        "qualification": {"profession_level1": "A04", "profession_level2": "A0401", "years_of_practice": 20,
                          "work_unit": "新疆某建筑设计研究院", "unit_credit_code": "91310110076408176P",
                          "unit_office_phone": "0991-8837428"},
        "evaluation": {"accepts_remote_evaluation": True, "willing_emergency_expert": False,
                       "email": "zhangsan@example.com"},
        "specialties": {"primary": ["A04", "A0401", "A040101"], "alternate": []},
        "experience": {"work_experience": "1998年至今从事建筑设计工作。", "evaluation_experience": "无"},
        "renewal": {"kind": "new"},
        "commitment": {"commitment_letter_file_id": pdfs["commitment_letter"]},
    }
    for section, body in sections.items():
        response = client.patch(f"{CURRENT}/{section}", headers=headers, json=body)
        assert response.status_code == 200, (section, response.json)
    response = client.post(f"{CURRENT}/certificates", headers=headers, json={
        "name": "一级注册建筑师", "registration_number": "新165060812345",
        "proof_file_id": pdfs["certificate_proof"]})
    assert response.status_code == 201, response.json


def test_an_empty_draft_lists_every_required_field_at_once(client, applicant):
    body = client.get(f"{CURRENT}/problems", headers=applicant).json
    fields = {p["field"] for p in body["problems"]}
    assert body["complete"] is False
    assert fields == {
        "basic.name", "basic.gender", "basic.id_number", "basic.birth", "basic.photo_file_id",
        "basic.id_card_front_file_id", "basic.id_card_back_file_id", "basic.political_affiliation",
        "basic.prefecture_code", "basic.title", "basic.title_level", "basic.title_certificate_file_id",
        "basic.education_proof_file_id", "qualification.profession_level1",
        "qualification.profession_level2", "qualification.years_of_practice", "qualification.work_unit",
        "evaluation.accepts_remote_evaluation", "evaluation.willing_emergency_expert", "evaluation.email",
        "specialties.primary", "experience.work_experience", "experience.evaluation_experience",
        "renewal.kind", "commitment.commitment_letter_file_id"}
    by_field = {p["field"]: p for p in body["problems"]}
    assert by_field["basic.photo_file_id"]["message"] == "请上传一寸免冠照"
    assert by_field["basic.photo_file_id"]["section_label"] == "基本信息"
    refused = client.post(f"{CURRENT}/submit", headers=applicant)
    assert refused.status_code == 422 and refused.json["code"] == "incomplete"
    assert set(refused.json["fields"]) == fields
    assert refused.json["message"] == f"还有{len(fields)}项需要完善"


def seed_sample() -> dict:
    """The seed's own sample, as its review sheet shows it."""
    return {
        # "民主党派" is not one affiliation of GB/T 4762: the form makes the applicant choose one.
        "basic": {"name": "苏航", "gender": "男", "id_number": "41018219000622757X", "birth": "1900-06",
                  "political_affiliation": None, "prefecture_code": "650200", "title": "123213",
                  "title_level": "副高级", "education": "大专", "degree": "硕士", "school": "12321",
                  "major": "312313", "photo_file_id": 1, "id_card_front_file_id": 2,
                  "id_card_back_file_id": 3, "title_certificate_file_id": 4, "education_proof_file_id": 5},
        "qualification": {"profession_level1": "A02", "profession_level2": "A0201", "years_of_practice": 21321,
                          "work_unit": "3123213", "unit_credit_code": "91310110076408176P",
                          "unit_credit_code_confirmed": False, "unit_office_phone": "010123648"},
        "certificates": [{"name": "132213", "registration_number": "123123", "proof_file_id": 6}],
        "evaluation": {"accepts_remote_evaluation": False, "willing_emergency_expert": False,
                       "email": "123213@123.io", "mobile": "17611231593", "backup_mobile": "123213"},
        # The seed's sheet is cut after its level-2 row; a level-3 pick completes the set.
        "specialties": {"primary": ["A04", "A0401", "A040101"], "alternate": []},
        "experience": {"work_experience": "…", "evaluation_experience": "无"},
        "avoidance_units": [], "renewal": {"kind": "new"}, "commitment": {"commitment_letter_file_id": 7},
    }


def test_the_seeds_own_sample_is_refused_for_age_and_years_of_practice():
    problems = application_problems(
        seed_sample(), rules=EligibilityRules(),
        registration_deadline=datetime(2024, 12, 2, 18, 30, tzinfo=BEIJING),
        catalog=bundled_catalog(), closed=frozenset())
    by_field = {p.field: p.message for p in problems}
    assert by_field["basic.id_number"] == "年龄超过70周岁：截至报名截止日2024年12月2日，申报人已满124周岁"
    assert by_field["qualification.years_of_practice"] == (
        "从事专业年限须为0至999之间的整数，最多3位数字（如5年就填5）")
    assert set(by_field) == {"basic.id_number", "qualification.years_of_practice",
                             "basic.political_affiliation"}


def test_a_complete_application_submits_freezes_and_keeps_a_snapshot(app, client, applicant):
    fill_complete(client, applicant, id_number=valid_id())
    assert client.get(f"{CURRENT}/problems", headers=applicant).json == {"complete": True, "problems": []}
    response = client.post(f"{CURRENT}/submit", headers=applicant)
    assert response.status_code == 200, response.json
    assert (response.json["state"], response.json["editable"]) == ("info_submitted", False)
    assert response.json["submitted_at"].startswith("2026-11-25T12:00")
    frozen = client.patch(f"{CURRENT}/basic", headers=applicant, json={"name": "李四"})
    assert frozen.status_code == 409 and "不能修改" in frozen.json["message"]
    with app.app_context():
        snapshot = db.session.execute(select(ApplicationSnapshot)).scalar_one()
        assert snapshot.sequence == 1 and snapshot.data["basic"]["name"] == "张三"
        assert snapshot.data["basic"]["id_number_masked"] == valid_id()[:6] + "********" + valid_id()[-4:]
        assert valid_id() not in str(snapshot.data)


def test_eligibility_follows_the_batch_rules(client, applicant):
    fill_complete(client, applicant, id_number=valid_id(1950))
    client.patch(f"{CURRENT}/qualification", headers=applicant, json={"years_of_practice": 7})
    client.patch(f"{CURRENT}/basic", headers=applicant, json={"title_level": "中级"})
    fields = client.post(f"{CURRENT}/submit", headers=applicant).json["fields"]
    assert fields == {
        "basic.title_level": "本批次要求职称级别为正高级或副高级（当前为中级）",
        "qualification.years_of_practice": "从事专业年限须满8年（当前填写7年）",
        "basic.id_number": "年龄超过70周岁：截至报名截止日2026年12月2日，申报人已满76周岁"}


def test_a_submit_after_the_registration_deadline_is_refused(client, applicant, clock):
    fill_complete(client, applicant, id_number=valid_id())
    clock.move_to(datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING))
    login = client.post("/api/v1/sessions/password", json={"login": "zhang_san", "password": "Passw0rd2024"})
    applicant = bearer(login.json["token"])
    response = client.post(f"{CURRENT}/submit", headers=applicant)
    assert response.status_code == 409 and response.json["message"] == "报名已截止，不能再提交"
    assert client.get(CURRENT, headers=applicant).json["state"] == "draft"


def test_the_id_number_and_the_database_keep_it_secret(app, client, applicant):
    client.patch(f"{CURRENT}/basic", headers=applicant, json={"id_number": VALID_ID})
    with app.app_context():
        row = db.session.execute(select(Application)).scalar_one()
        assert VALID_ID not in (row.id_number_encrypted or "") and row.id_number_last4 == "002X"
        assert len(row.id_number_hash) == 64


def _submit_in_threads(app, requests: list[tuple[dict, str]]) -> list[int]:
    """Fire the submits at once, each from its own thread and test client."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def run(index: int, headers: dict) -> None:
        client = app.test_client()
        barrier.wait()
        statuses[index] = client.post(f"{CURRENT}/submit", headers=headers).status_code

    threads = [threading.Thread(target=run, args=(i, h)) for i, (h, _) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_two_submits_at_once_end_in_one_submission(app, client, applicant):
    fill_complete(client, applicant, id_number=valid_id())
    statuses = _submit_in_threads(app, [(applicant, "a"), (applicant, "b")])
    assert sorted(statuses) == [200, 409]
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ApplicationSnapshot)).scalar_one() == 1


def test_two_accounts_with_one_id_number_end_in_one_submission(app, client, applicant, register, clock):
    clock.shift(61)
    other = bearer(register(username="li_si", phone="13900139000")["token"])
    for headers in (applicant, other):
        fill_complete(client, headers, id_number=valid_id())
    statuses = _submit_in_threads(app, [(applicant, "a"), (other, "b")])
    assert sorted(statuses) == [200, 409]
    with app.app_context():
        states = db.session.execute(select(Application.state)).scalars().all()
        assert sorted(s.value for s in states) == ["draft", "info_submitted"]


def test_another_applicants_application_is_invisible(client, applicant, register, clock):
    client.patch(f"{CURRENT}/basic", headers=applicant, json={"name": "张三"})
    clock.shift(61)
    other = bearer(register(username="li_si", phone="13900139000")["token"])
    assert client.get(CURRENT, headers=other).json["basic"]["name"] is None
