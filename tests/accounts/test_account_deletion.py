"""DELETE /api/v1/accounts/me (注销账号): an applicant who never submitted deletes the account, its
drafts and its uploads, confirmed by password or SMS code; once submitted, the account stays."""
from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import func, select

from server.accounts.models import Account, ApiToken
from server.applications import drafts, submission
from server.applications.models import Application
from server.audit.models import AuditEntry
from server.extensions import db
from server.files.models import StoredFile
from tests.fixtures import samples
from tests.fixtures.accounts import bearer

ME = "/api/v1/accounts/me"
SUBMITTED = ("您已提交过申报资料，申报记录须按评标专家管理规定保存，账号不能注销；"
             "如有疑问请拨打技术服务咨询热线 0991-8837410")


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def blobs(files_dir):
    return lambda: sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.exists() else []


@pytest.fixture
def applicant(batch, register):
    """Registers an applicant in the open batch: {id, headers, phone}."""
    def make(username: str = "zhang_san", phone: str = "13800138000") -> dict:
        session = register(username=username, phone=phone)
        return {"id": session["account"]["id"], "headers": bearer(session["token"]), "phone": phone}

    return make


def upload(client, headers, kind: str, data: bytes, name: str) -> int:
    response = client.post("/api/v1/files", headers=headers, content_type="multipart/form-data",
                           data={"kind": kind, "file": (BytesIO(data), name)})
    assert response.status_code == 201, response.json
    return response.json["id"]


def with_draft_and_files(app, client, who) -> None:
    """A draft named 张三 with a photo in it, and an unclaimed PDF."""
    photo = upload(client, who["headers"], "photo", samples.jpeg(), "照片.jpg")
    upload(client, who["headers"], "education_proof", samples.pdf("unclaimed"), "学历.pdf")
    with app.app_context():
        drafts.save_section(db.session.get(Account, who["id"]), "basic", {"name": "张三", "photo_file_id": photo})


def test_an_account_that_never_submitted_is_deleted_with_its_drafts_and_files(app, client, applicant, blobs):
    who = applicant()
    with_draft_and_files(app, client, who)
    assert len(blobs()) == 2

    response = client.delete(ME, headers=who["headers"], json={"password": "Passw0rd2024"})

    assert response.status_code == 204
    with app.app_context():
        assert db.session.get(Account, who["id"]) is None
        assert count(Application, Application.account_id == who["id"]) == 0
        assert count(StoredFile, StoredFile.owner_account_id == who["id"]) == 0
        assert count(ApiToken, ApiToken.account_id == who["id"]) == 0
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "account.deleted")).scalar_one()
        assert (entry.subject_id, entry.detail) == (str(who["id"]), {"drafts": 1, "files": 2})
    assert blobs() == []
    assert client.get("/api/v1/me", headers=who["headers"]).status_code == 401


def test_the_phone_may_register_again_after_the_deletion(client, clock, applicant, register):
    who = applicant()
    assert client.delete(ME, headers=who["headers"], json={"password": "Passw0rd2024"}).status_code == 204
    clock.shift(61)  # one SMS code a minute per phone
    assert register(username="zhang_san", phone=who["phone"])["account"]["username"] == "zhang_san"


def test_an_sms_code_sent_to_the_accounts_own_phone_confirms_the_deletion(app, client, clock, applicant,
                                                                          send_code):
    who = applicant()
    clock.shift(61)  # one SMS code a minute per phone
    code = send_code(who["phone"], "delete_account", who["headers"]["Authorization"].split()[1])
    assert client.delete(ME, headers=who["headers"], json={"sms_code": code}).status_code == 204
    with app.app_context():
        assert db.session.get(Account, who["id"]) is None


def test_a_deletion_code_goes_only_to_the_accounts_own_phone_and_only_when_logged_in(client, applicant):
    who = applicant()
    other_phone = client.post("/api/v1/sms-codes", headers=who["headers"],
                              json={"phone": "13900139000", "purpose": "delete_account"})
    assert other_phone.status_code == 422 and other_phone.json["fields"] == {"phone": "请输入本账号绑定的手机号"}
    anonymous = client.post("/api/v1/sms-codes", json={"phone": who["phone"], "purpose": "delete_account"})
    assert anonymous.status_code == 401


@pytest.mark.parametrize("body, field, message", [
    ({"password": "Wrong0000"}, "password", "密码不正确"),
    ({"sms_code": "123456"}, "sms_code", "请先获取短信验证码"),
    ({}, "password", "请输入登录密码或短信验证码以确认注销"),
])
def test_without_a_right_confirmation_nothing_is_deleted(app, client, applicant, blobs, body, field, message):
    who = applicant()
    with_draft_and_files(app, client, who)
    response = client.delete(ME, headers=who["headers"], json=body)
    assert response.status_code == 422 and response.json["fields"] == {field: message}
    with app.app_context():
        assert db.session.get(Account, who["id"]) is not None
        assert count(StoredFile, StoredFile.owner_account_id == who["id"]) == 2
    assert len(blobs()) == 2


def submit(build, account_id: int) -> None:
    with build.app.app_context():
        build.fill(account_id)
        submission.submit_info(db.session.get(Account, account_id))


def test_an_account_with_a_submitted_application_is_refused_in_chinese(app, client, applicant, build):
    who = applicant()
    submit(build, who["id"])
    response = client.delete(ME, headers=who["headers"], json={"password": "Passw0rd2024"})
    assert response.status_code == 409 and response.json["message"] == SUBMITTED
    with app.app_context():
        assert db.session.get(Account, who["id"]) is not None


def test_a_withdrawn_application_counts_as_submitted(app, client, applicant, build):
    who = applicant()
    submit(build, who["id"])
    with app.app_context():
        submission.withdraw(db.session.get(Account, who["id"]))
        assert db.session.execute(select(Application.state)).scalar_one().value == "draft"
    response = client.delete(ME, headers=who["headers"], json={"password": "Passw0rd2024"})
    assert response.status_code == 409 and response.json["message"] == SUBMITTED


def test_a_blob_another_account_shares_stays(app, client, applicant, blobs):
    first, second = applicant(), applicant("li_si", "13900139000")
    data = samples.pdf("same scan")
    upload(client, first["headers"], "education_proof", data, "a.pdf")
    kept = upload(client, second["headers"], "education_proof", data, "b.pdf")
    assert client.delete(ME, headers=first["headers"], json={"password": "Passw0rd2024"}).status_code == 204
    assert len(blobs()) == 1
    assert client.get(f"/api/v1/files/{kept}", headers=second["headers"]).data == data
