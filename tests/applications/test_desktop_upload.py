"""Desktop upload codes: short, typable, hashed, 30 minutes, one use, one slot of one's own application."""
from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import select

from server.applications import desktop_upload
from server.applications.desktop_upload import CODE_ALPHABET, CodeExpired
from server.applications.models import Application, ApplicationState, Certificate, DesktopUploadCode
from server.errors import Conflict, InvalidInput, NotFound
from server.extensions import db
from server.files.models import StoredFile
from server.files.qr import qr_png
from tests.fixtures import samples


def new_code(app, application: Application, slot: str = "education_proof") -> str:
    with app.app_context():
        code, _ = desktop_upload.create_code(application.account_id, application.id, slot)
        return code


def test_the_alphabet_has_31_characters_and_no_look_alikes():
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) == 31
    assert not set("ILO01") & set(CODE_ALPHABET)


def test_a_code_is_8_characters_valid_30_minutes_and_stored_only_as_a_keyed_hash(app, clock, application):
    with app.app_context():
        code, expires_at = desktop_upload.create_code(application.account_id, application.id, "education_proof")
        row = db.session.execute(select(DesktopUploadCode)).scalar_one()
        assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
        assert expires_at - row.created_at == timedelta(minutes=30)
        assert code not in " ".join(str(v) for v in row.__dict__.values())
        assert len(row.code_hash) == 64 and row.used_at is None


def test_a_code_tells_whose_application_and_which_slot_with_the_name_masked(app, application):
    code = new_code(app, application, "commitment_letter")
    with app.app_context():
        target = desktop_upload.look_up(f" {code[:4].lower()}-{code[4:]} ")
        assert (target.applicant, target.slot.label, target.batch_name) == ("张**", "诚信承诺书", "2026年全区第二批")


def test_a_certificate_slot_names_the_certificate(app, client, applicant, application):
    response = client.post("/api/v1/applications/current/certificates", headers=applicant,
                           json={"name": "一级建造师", "registration_number": "新1652020202100001"})
    assert response.status_code in (200, 201), response.json
    with app.app_context():
        certificate_id = db.session.execute(select(Certificate.id)).scalar_one()
    code = new_code(app, application, f"certificate:{certificate_id}")
    with app.app_context():
        assert desktop_upload.look_up(code).slot.label == "执业资格证书（一级建造师）"


@pytest.mark.parametrize("slot", ["photo", "certificate:999", "certificate:", "../x", ""])
def test_only_the_pdf_slots_of_the_application_get_codes(app, application, slot):
    with app.app_context(), pytest.raises(InvalidInput) as refusal:
        desktop_upload.create_code(application.account_id, application.id, slot)
    assert "slot" in refusal.value.fields


def test_no_code_for_someone_elses_application(app, application, make_account):
    stranger = make_account()
    with app.app_context(), pytest.raises(NotFound):
        desktop_upload.create_code(stranger, application.id, "education_proof")


def test_a_wrong_code_an_expired_code_and_a_used_code_each_say_so(app, clock, application):
    with app.app_context():
        for typed in ("ABCDEFGH", "short", "IIIIIIII"):
            with pytest.raises(NotFound, match="上传码不正确"):
                desktop_upload.look_up(typed)
    code = new_code(app, application)
    clock.shift(timedelta(minutes=30))
    with app.app_context(), pytest.raises(CodeExpired) as expired:
        desktop_upload.look_up(code)
    assert expired.value.status == 410 and "已过期" in expired.value.message

    code = new_code(app, application)
    with app.app_context():
        desktop_upload.upload_with_code(code, "学历.pdf", samples.pdf())
        with pytest.raises(Conflict, match="该上传码已使用过"):
            desktop_upload.look_up(code)


def test_a_new_code_for_a_slot_ends_the_earlier_one(app, clock, application):
    first = new_code(app, application)
    other_slot = new_code(app, application, "commitment_letter")
    second = new_code(app, application)
    with app.app_context():
        with pytest.raises(CodeExpired):
            desktop_upload.look_up(first)
        desktop_upload.look_up(second)
        desktop_upload.look_up(other_slot)


def test_uploading_with_a_code_fills_the_slot_and_uses_up_the_code(app, application):
    code = new_code(app, application)
    with app.app_context():
        stored = desktop_upload.upload_with_code(code, "学历证明.pdf", samples.pdf())
        row = db.session.get(Application, application.id)
        assert row.education_proof_file_id == stored.id
        assert db.session.get(StoredFile, stored.id).claimed_at is not None
        used = db.session.execute(select(DesktopUploadCode)).scalar_one()
        assert used.used_at is not None and used.file_id == stored.id


def test_a_refused_file_leaves_the_code_usable_and_the_slot_empty(app, application):
    code = new_code(app, application)
    with app.app_context():
        with pytest.raises(InvalidInput, match="PDF 文件已加密"):
            desktop_upload.upload_with_code(code, "a.pdf", samples.encrypted_pdf())
        assert db.session.get(Application, application.id).education_proof_file_id is None
        desktop_upload.look_up(code)


def test_a_frozen_application_refuses_the_file_and_the_code_stays_usable(app, application):
    code = new_code(app, application)
    with app.app_context():
        db.session.get(Application, application.id).state = ApplicationState.info_submitted
        db.session.commit()
        with pytest.raises(Conflict, match="不能修改"):
            desktop_upload.upload_with_code(code, "a.pdf", samples.pdf())
        assert db.session.execute(select(DesktopUploadCode.used_at)).scalar_one() is None


class TestApi:
    def test_the_mini_program_gets_a_code_a_link_and_its_qr_code(self, app, client, applicant, application):
        response = client.post("/api/v1/applications/current/desktop-upload-codes", headers=applicant,
                               json={"slot": "education_proof"})
        assert response.status_code == 201
        body = response.json
        assert set(body) == {"code", "url", "qr_png_base64", "expires_at"}
        assert body["url"] == f"{app.config['PUBLIC_BASE_URL']}/upload?code={body['code']}"
        assert base64.b64decode(body["qr_png_base64"]) == qr_png(body["url"])
        assert body["expires_at"].endswith("+08:00")

    def test_a_wrong_slot_is_named(self, client, applicant, application):
        response = client.post("/api/v1/applications/current/desktop-upload-codes", headers=applicant,
                               json={"slot": "photo"})
        assert response.status_code == 422 and "slot" in response.json["fields"]

    def test_a_login_is_needed(self, client):
        response = client.post("/api/v1/applications/current/desktop-upload-codes", json={"slot": "education_proof"})
        assert response.status_code == 401
