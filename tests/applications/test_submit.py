"""Completeness and submit: every problem at once, eligibility, deadline, one per ID number."""
from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func, select, update

from server.applications.completeness import application_problems
from server.applications.models import Application, ApplicationSnapshot
from server.applications.rules.eligibility import EligibilityRules
from server.clock import BEIJING
from server.extensions import db
from server.reference.catalog import bundled_catalog
from server.reference.options import batch_defaults
from tests.fixtures.accounts import bearer
from tests.fixtures.forms import CURRENT, VALID_ID, allowed, fill_complete, seed_sample, valid_id
from tests.fixtures.meanwhile import committed_meanwhile


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


def test_the_seeds_own_sample_is_refused_for_age_and_years_of_practice():
    problems = application_problems(
        seed_sample(), rules=EligibilityRules.of(batch_defaults()),
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
    assert response.json["state"] == "info_submitted" and "edit" not in allowed(response.json)
    assert response.json["submitted_at"].startswith("2026-11-25T12:00")
    frozen = client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "李四"})
    assert frozen.status_code == 409 and "不能修改" in frozen.json["message"]
    with app.app_context():
        snapshot = db.session.execute(select(ApplicationSnapshot)).scalar_one()
        assert snapshot.sequence == 1 and snapshot.data["basic"]["name"] == "张三"
        assert snapshot.data["basic"]["id_number_masked"] == valid_id()[:6] + "********" + valid_id()[-4:]
        assert valid_id() not in str(snapshot.data)


def test_eligibility_follows_the_batch_rules(client, applicant):
    fill_complete(client, applicant, id_number=valid_id(1950))
    client.put(f"{CURRENT}/qualification", headers=applicant, json={"years_of_practice": 7})
    client.put(f"{CURRENT}/basic", headers=applicant, json={"title_level": "中级"})
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
    assert response.status_code == 409 and response.json["message"] == "报名已截止（2026-12-02 18:30），不能再提交资料"
    assert client.get(CURRENT, headers=applicant).json["state"] == "draft"


def test_the_id_number_and_the_database_keep_it_secret(app, client, applicant):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"id_number": VALID_ID})
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


def test_a_change_between_the_submits_check_and_its_write_is_checked_again(app, client, applicant):
    """The check runs before the write; a change that lands before the write's UPDATE (the name
    cleared from another request) is seen: the submit is refused, nothing is frozen."""
    fill_complete(client, applicant, id_number=valid_id())
    cleared = update(Application).values(name=None, version=Application.version + 1)
    with committed_meanwhile(app, cleared, before="UPDATE applications SET state") as changed:
        response = client.post(f"{CURRENT}/submit", headers=applicant)
    assert changed and response.status_code == 422 and "basic.name" in response.json["fields"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ApplicationSnapshot)) == 0


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
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "张三"})
    clock.shift(61)
    other = bearer(register(username="li_si", phone="13900139000")["token"])
    assert client.get(CURRENT, headers=other).json["basic"]["name"] is None
