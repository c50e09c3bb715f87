"""The admission letter (入库通知书): an admitted expert downloads it in the mini-program — their
number, name, specialties and a three-year term from the admission day — rendered once and served
the same ever after, with a QR code to a page that says whether it is genuine and current."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.applications.models import Application
from server.batches.models import Batch
from server.batches.services import create_batch, settings_of
from server.clock import now
from server.exams import letters, results
from server.exams.letters import term_of
from server.exams.models import AdmissionLetter
from server.extensions import db
from server.reference import services as reference
from tests.documents.pdf_inspection import decode_qr, page_texts
from tests.fixtures.journey import at_once
from tests.fixtures.staff import staff_member

CURRENT = "/api/v1/applications/current"
EXAM = "/api/v1/exam-result"


@pytest.fixture
def result(app, build, make_staff):
    """Record a result for a new paid applicant named 古丽米拉; their application id."""
    member_id = make_staff(StaffRole.association)

    def record(passed: bool, score: str = "88") -> int:
        application_id = build.paid(name="古丽米拉")
        with app.app_context():
            number = db.session.get(Application, application_id).expert_number
            results.record_one(number, passed, score, staff_member(member_id))
        return application_id

    return record


def joined(pdf: bytes) -> str:
    return "".join("".join(page_texts(pdf)).split())


def test_an_admitted_expert_downloads_the_letter_with_number_specialties_and_term(app, client, build, result):
    application_id = result(True)
    me = build.bearer(application_id)
    response = client.get(f"{EXAM}/admission-letter.pdf", headers=me)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    with app.app_context():
        number = db.session.get(Application, application_id).expert_number
    assert f"filename*=UTF-8''%E5%85%A5%E5%BA%93%E9%80%9A%E7%9F%A5%E4%B9%A6-{number}.pdf" in (
        response.headers["Content-Disposition"])
    text = joined(response.data)
    for expected in ("入库通知书", "古丽米拉：", number, "A040101", "2026年11月25日至2029年11月24日",
                     "新疆建设工程招标投标协会2026年11月25日"):
        assert expected in text, expected
    assert "A0401建筑" not in text  # the most specific pick stands for its branch
    with app.app_context():
        assert decode_qr(response.data) == [letters.letter_verify_url(application_id)]


def test_the_letter_is_rendered_once_and_served_the_same_ever_after(app, client, build, result, clock):
    application_id = result(True)
    me = build.bearer(application_id)
    first = client.get(f"{EXAM}/admission-letter.pdf", headers=me).data
    clock.shift(3 * 86400)  # days later the letter still says the admission day
    assert client.get(f"{EXAM}/admission-letter.pdf", headers=me).data == first
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AdmissionLetter)) == 1


def test_two_first_requests_at_once_store_one_letter(app, result):
    application_id = result(True)

    def download() -> bytes:
        return letters.letter_of(db.session.get(Application, application_id)).data

    first, second = at_once(app, download, download)
    assert first == second
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AdmissionLetter)) == 1


def test_the_qr_code_opens_a_page_that_says_the_letter_is_valid(app, client, build, result, clock):
    application_id = result(True)
    client.get(f"{EXAM}/admission-letter.pdf", headers=build.bearer(application_id))
    with app.app_context():
        path = f"/verify/admission/{letters.letter_token(application_id)}"
        number = db.session.get(Application, application_id).expert_number
    page = client.get(path).get_data(as_text=True)
    assert "有效：该专家在评标专家库中，聘期内" in page and "古*" in page and number in page
    assert "古丽米拉" not in page and "2026年11月25日至2029年11月24日" in page
    clock.shift((date(2029, 11, 26) - date(2026, 11, 25)).days * 86400)
    assert "已过期：该通知书的聘期已满" in client.get(path).get_data(as_text=True)


def test_a_made_up_token_or_a_letter_never_issued_is_not_found(app, client, result):
    application_id = result(True)  # admitted, but the letter was never downloaded
    with app.app_context():
        token = letters.letter_token(application_id)
    for path in (f"/verify/admission/{token}", f"/verify/admission/{token[:-2]}xx"):
        response = client.get(path)
        assert response.status_code == 404 and "未找到对应的入库通知书" in response.get_data(as_text=True)


def test_a_failed_applicant_sees_the_result_and_has_no_letter(client, build, result):
    me = build.bearer(result(False, "52"))
    assert client.get(EXAM, headers=me).json == {
        "expert_number": client.get(CURRENT, headers=me).json["expert_number"], "passed": False, "score": "52",
        "recorded_at": "2026-11-25T12:00:00+08:00", "term_start": None, "term_end": None}
    refused = client.get(f"{EXAM}/admission-letter.pdf", headers=me)
    assert (refused.status_code, refused.json["message"]) == (404, "尚未入库，暂无入库通知书")


def test_an_admitted_applicant_sees_the_term_in_the_result(client, build, result):
    body = client.get(EXAM, headers=build.bearer(result(True))).json
    assert (body["passed"], body["term_start"], body["term_end"]) == (True, "2026-11-25", "2029-11-24")


def test_someone_without_a_result_is_told_so(client, build):
    response = client.get(EXAM, headers=build.bearer(build.paid()))
    assert (response.status_code, response.json["message"]) == (404, "尚无考试结果")


@pytest.mark.parametrize(("start", "end"), [(date(2026, 11, 25), date(2029, 11, 24)),
                                            (date(2028, 2, 29), date(2031, 2, 27)),
                                            (date(2027, 1, 1), date(2029, 12, 31))])
def test_a_term_is_three_years_ending_the_day_before_the_anniversary(start, end):
    assert term_of(start) == (start, end)


def test_the_letter_lists_the_most_specific_picks_and_marks_the_alternates(app):
    application = Application(primary_specialties=["A04", "A0401", "A040101", "A040102"],
                              alternate_specialties=["A01", "A0101"])
    with app.app_context():
        lines = letters.specialty_lines(application, reference.catalog())
    assert [line.split()[0] for line in lines] == ["A040101", "A040102", "A0101"]
    assert lines[-1].endswith("（备选）") and not lines[0].endswith("（备选）")


def test_a_later_batchs_draft_does_not_take_the_letter_away(app, client, build, batch, result):
    me = build.bearer(result(True))
    with app.app_context():
        first = db.session.get(Batch, batch)
        settings = settings_of(first)
        shift = now() - timedelta(days=1) - first.registration_opens_at
        later = dataclasses.replace(settings, name="2025年全区第一批评标专家", **{
            name: getattr(settings, name) + shift for name in (
                "registration_opens_at", "registration_closes_at", "review_closes_at", "payment_opens_at",
                "payment_closes_at")})
        create_batch(later, Actor.system())
    assert client.get(CURRENT, headers=me).json["state"] == "draft"  # the new batch's application
    assert client.get(EXAM, headers=me).json["passed"] is True
    assert client.get(f"{EXAM}/admission-letter.pdf", headers=me).status_code == 200
