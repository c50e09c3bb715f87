"""The applicant's side of the review through the API: the whole path from submit to expert number,
the refusals, and what the Application JSON shows."""
from __future__ import annotations

from datetime import datetime

from server.applications import submission
from server.applications.models import ApplicationSnapshot
from server.clock import BEIJING
from server.extensions import db
from server.review import services as review
from tests.fixtures import samples
from tests.fixtures.accounts import bearer
from tests.fixtures.forms import CURRENT, allowed, fill_complete, upload_file, valid_id
from tests.fixtures.staff import staff_member

SUBMIT_FOR_REVIEW = f"{CURRENT}/submit-for-review"
WITHDRAW = f"{CURRENT}/withdraw"


def submitted(client, headers) -> dict:
    fill_complete(client, headers, id_number=valid_id())
    response = client.post(f"{CURRENT}/submit", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def signed_sheet(client, headers) -> int:
    return upload_file(client, headers, "signed_review_sheet", samples.pdf("signed and stamped"), "审查表.pdf")


def current_snapshot_id(app, application_id: int) -> int:
    with app.app_context():
        return submission.latest_snapshot(application_id).id


def test_the_whole_path_reject_withdraw_edit_resubmit_approve(app, client, applicant, reviewer, batch, clock):
    application = submitted(client, applicant)
    assert application["review"] == {"latest_rejection": None, "decisions": []}
    assert (application["expert_number"], application["signed_sheet_file_id"]) == (None, None)
    assert "withdraw" in allowed(application)

    clock.shift(3600)
    sheet = signed_sheet(client, applicant)
    response = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": sheet})
    assert response.status_code == 200, response.json
    body = response.json
    assert (body["state"], body["state_label"], body["signed_sheet_file_id"]) == ("pending_review", "待审核", sheet)
    assert body["review_submitted_at"] == "2026-11-25T13:00:00+08:00"
    assert body["files"][str(sheet)]["original_name"] == "审查表.pdf" and "withdraw" in allowed(body)

    clock.shift(86400)
    first = current_snapshot_id(app, body["id"])
    with app.app_context():
        review.reject(body["id"], staff_member(reviewer), "职称证书扫描件不清晰，请重新上传",
                      {"basic.title_certificate_file_id": "看不清发证单位"}, first)
    rejected = client.get(CURRENT, headers=applicant).json
    assert rejected["state"] == "rejected"
    assert rejected["review"]["latest_rejection"] == {
        "reasons": "职称证书扫描件不清晰，请重新上传",
        "field_marks": {"basic.title_certificate_file_id": "看不清发证单位"},
        "decided_at": "2026-11-26T13:00:00+08:00"}

    withdrawn = client.post(WITHDRAW, headers=applicant)
    assert withdrawn.status_code == 200, withdrawn.json
    assert withdrawn.json["state"] == "draft" and "edit" in allowed(withdrawn.json)
    assert withdrawn.json["signed_sheet_file_id"] is None and withdrawn.json["review_submitted_at"] is None
    assert withdrawn.json["review"]["latest_rejection"] == rejected["review"]["latest_rejection"]

    clearer = upload_file(client, applicant, "title_certificate", samples.pdf("clearer scan"), "职称证书.pdf")
    assert client.put(f"{CURRENT}/basic", headers=applicant,
                        json={"title_certificate_file_id": clearer}).status_code == 200
    assert client.post(f"{CURRENT}/submit", headers=applicant).status_code == 200
    with app.app_context():
        sequences = db.session.execute(db.select(ApplicationSnapshot.sequence)).scalars().all()
        assert sorted(sequences) == [1, 2]
    second_sheet = signed_sheet(client, applicant)
    assert client.post(SUBMIT_FOR_REVIEW, headers=applicant,
                       json={"signed_sheet_file_id": second_sheet}).status_code == 200

    second = current_snapshot_id(app, body["id"])
    with app.app_context():
        changes = review.changes_since_last_rejection(review.visible_application(body["id"], staff_member(reviewer)))
        assert [(c.field, c.label, c.after, c.summary) for c in changes] == [
            ("basic.title_certificate_file_id", "职称证书文件", clearer, "已更换")]
        approved = review.approve(body["id"], staff_member(reviewer), second)
        assert approved.expert_number == f"B{batch:03d}-650100-0001"

    final = client.get(CURRENT, headers=applicant).json
    assert (final["state"], final["expert_number"]) == ("approved", f"B{batch:03d}-650100-0001")
    assert final["review"]["latest_rejection"] is None and "withdraw" not in allowed(final)
    assert [d["decision"] for d in final["review"]["decisions"]] == ["rejected", "approved"]
    refused = client.post(WITHDRAW, headers=applicant)
    assert refused.status_code == 409 and refused.json["message"] == "申请已审核通过，不能撤回"


def test_submitting_for_review_needs_the_signed_sheet(client, applicant):
    submitted(client, applicant)
    missing = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={})
    assert missing.status_code == 422
    assert missing.json["fields"] == {"signed_sheet_file_id": "请上传签字盖章的申请和资格审查表"}
    gone = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": 999999})
    assert gone.status_code == 422 and gone.json["fields"] == {"signed_sheet_file_id": "文件不存在或已过期，请重新上传"}
    assert client.get(CURRENT, headers=applicant).json["state"] == "info_submitted"


def test_a_file_of_another_kind_is_not_a_signed_sheet(client, applicant):
    submitted(client, applicant)
    letter = upload_file(client, applicant, "commitment_letter", samples.pdf("letter"), "承诺书.pdf")
    response = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": letter})
    assert response.status_code == 422
    assert response.json["fields"]["signed_sheet_file_id"] == (
        "此处须上传签字盖章的申请和资格审查表，所选文件是诚信承诺书")
    assert client.get(CURRENT, headers=applicant).json["state"] == "info_submitted"


def test_another_applicants_sheet_cannot_be_used(client, applicant, register, clock):
    submitted(client, applicant)
    clock.shift(61)
    other = bearer(register(username="li_si", phone="13900139000")["token"])
    theirs = signed_sheet(client, other)
    response = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": theirs})
    assert response.status_code == 422 and response.json["fields"]["signed_sheet_file_id"] == "文件不存在或已过期，请重新上传"


def test_a_sheet_uploaded_before_this_submission_is_refused(client, applicant, clock):
    """After a withdrawal the old scan shows the old content: the new submission needs a new sheet."""
    submitted(client, applicant)
    clock.shift(60)
    old = signed_sheet(client, applicant)
    client.post(WITHDRAW, headers=applicant)
    clock.shift(60)
    assert client.post(f"{CURRENT}/submit", headers=applicant).status_code == 200
    response = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": old})
    assert response.status_code == 422
    assert response.json["fields"]["signed_sheet_file_id"].startswith("该文件上传于本次提交资料之前")


def test_submitting_for_review_before_submitting_the_information_is_refused(client, applicant):
    sheet = signed_sheet(client, applicant)
    response = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": sheet})
    assert response.status_code == 409
    assert response.json["message"] == "请先提交资料，生成申请和资格审查表后再提交审核"


def test_submitting_for_review_after_the_registration_deadline_is_refused(client, applicant, clock):
    submitted(client, applicant)
    sheet = signed_sheet(client, applicant)
    clock.move_to(datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING))
    login = client.post("/api/v1/sessions/password", json={"login": "zhang_san", "password": "Passw0rd2024"})
    headers = bearer(login.json["token"])
    response = client.post(SUBMIT_FOR_REVIEW, headers=headers, json={"signed_sheet_file_id": sheet})
    assert response.status_code == 409
    assert response.json["message"] == "报名已截止（2026-12-02 18:30），不能再提交审核"
    current = client.get(CURRENT, headers=headers).json
    assert current["state"] == "info_submitted" and "withdraw" not in allowed(current)


def test_twice_for_review_is_refused(client, applicant):
    submitted(client, applicant)
    sheet = signed_sheet(client, applicant)
    first = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": sheet})
    assert first.status_code == 200
    again = client.post(SUBMIT_FOR_REVIEW, headers=applicant, json={"signed_sheet_file_id": sheet})
    assert again.status_code == 409 and again.json["message"] == "申请已提交审核，请等待审核结果"


def test_a_draft_has_nothing_to_withdraw(client, applicant):
    response = client.post(WITHDRAW, headers=applicant)
    assert response.status_code == 409 and response.json["message"] == "申请尚未提交，无需撤回"


def test_both_routes_need_a_login(client, batch):
    assert client.post(SUBMIT_FOR_REVIEW, json={"signed_sheet_file_id": 1}).status_code == 401
    assert client.post(WITHDRAW).status_code == 401


def test_the_openapi_document_describes_the_review_routes_and_fields(client):
    document = client.get("/api/v1/openapi.json").json
    assert "post" in document["paths"][SUBMIT_FOR_REVIEW] and "post" in document["paths"][WITHDRAW]
    fields = document["components"]["schemas"]["Application"]["properties"]
    assert {"expert_number", "signed_sheet_file_id", "review_submitted_at", "review",
            "allowed_actions"} <= set(fields)
    review_schema = document["components"]["schemas"]["Review"]["properties"]
    assert set(review_schema) == {"latest_rejection", "decisions"}
