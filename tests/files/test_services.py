"""File services: upload stores checked bytes once per content, claim hands a file to an application,
only the owner reads it, and what no application claimed within a day is removed."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from server.audit.models import AuditEntry
from server.errors import InvalidInput, NotFound
from server.extensions import db
from server.files import services
from server.files.models import FileKind, StoredFile
from server.files.storage import storage
from tests.fixtures import samples


@pytest.fixture
def owner(make_account) -> int:
    return make_account("owner")


def test_an_upload_stores_the_checked_bytes_under_their_hash_and_audits_it(app, owner, blobs):
    with app.app_context():
        row = services.upload(owner, "education_proof", "学历证明.pdf", samples.pdf())
        assert (row.kind, row.original_name, row.content_type) == (
            FileKind.education_proof, "学历证明.pdf", "application/pdf")
        assert storage().get(row.sha256) == samples.pdf()
        assert row.claimed_at is None
        entry = db.session.execute(select(AuditEntry)).scalar_one()
        assert (entry.action, entry.subject_id, entry.detail["kind"]) == (
            "file.uploaded", str(row.id), "education_proof")
    assert len(blobs()) == 1


def test_a_photo_is_stored_re_encoded_with_its_stored_size_and_a_jpg_name(app, owner):
    with app.app_context():
        row = services.upload(owner, FileKind.photo, "自拍.png", samples.png(600, 800))
        assert (row.content_type, row.width, row.height) == ("image/jpeg", 600, 800)
        opened = services.open_for_owner(row.id, owner)
        assert opened.data[:3] == b"\xff\xd8\xff" and opened.download_name == "自拍.jpg"


def test_the_same_bytes_uploaded_twice_make_two_rows_and_one_blob(app, make_account, blobs):
    first, second = make_account(), make_account()
    with app.app_context():
        a = services.upload(first, "commitment_letter", "a.pdf", samples.pdf())
        b = services.upload(second, "commitment_letter", "b.pdf", samples.pdf())
        assert a.id != b.id and a.sha256 == b.sha256
    assert len(blobs()) == 1


@pytest.mark.parametrize("kind, name, data", [
    ("photo", "photo.jpg", samples.ELF_HEADER),
    ("photo", "bomb.png", samples.png_bomb()),
    ("education_proof", "scan.pdf", samples.truncated_pdf()),
    ("education_proof", "scan.pdf", samples.encrypted_pdf()),
    ("education_proof", "scan.pdf", samples.SCRIPTED_PDFS["JavaScript /OpenAction"]()),
    ("education_proof", "../scan.pdf", samples.pdf()),
    ("education_proof", "scan\x00.pdf", samples.pdf()),
    ("passport", "scan.pdf", samples.pdf()),
], ids=["elf", "bomb", "truncated", "encrypted", "javascript", "dot-dot", "nul", "kind"])
def test_a_refused_upload_stores_nothing(app, owner, nothing_stored, kind, name, data):
    with app.app_context(), pytest.raises(InvalidInput):
        services.upload(owner, kind, name, data)
    assert nothing_stored()


@contextmanager
def audit_rows_refused(app):
    """The database refuses the upload's audit row, after the blob is written (a real statement fails)."""

    def refuse(_connection, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_ENTRIES"):
            raise OperationalError(statement, {}, RuntimeError("database gone"))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", refuse)
        try:
            yield
        finally:
            event.remove(db.engine, "before_cursor_execute", refuse)


def test_a_failed_database_write_leaves_no_blob_behind(app, owner, blobs):
    with audit_rows_refused(app), pytest.raises(OperationalError):
        services.upload(owner, "education_proof", "a.pdf", samples.pdf())
    assert blobs() == []


def test_a_failed_write_keeps_a_blob_that_another_row_shares(app, owner, blobs):
    with app.app_context():
        services.upload(owner, "education_proof", "a.pdf", samples.pdf())
    with audit_rows_refused(app), pytest.raises(OperationalError):
        services.upload(owner, "education_proof", "b.pdf", samples.pdf())
    assert len(blobs()) == 1


class TestClaim:
    def test_the_owner_claims_a_file_of_an_allowed_kind(self, app, owner):
        with app.app_context():
            file_id = services.upload(owner, "education_proof", "a.pdf", samples.pdf()).id
            row = services.claim(file_id, owner, [FileKind.education_proof], field="basic.education_proof_file_id")
            db.session.commit()
            assert row.claimed_at is not None

    def test_another_applicants_file_is_as_unknown_as_a_missing_one(self, app, owner, make_account):
        stranger = make_account()
        with app.app_context():
            file_id = services.upload(owner, "education_proof", "a.pdf", samples.pdf()).id
            for candidate in (file_id, 999_999):
                with pytest.raises(InvalidInput) as refusal:
                    services.claim(candidate, stranger, [FileKind.education_proof], field="education_proof_file_id")
                assert refusal.value.fields == {"education_proof_file_id": "文件不存在或已过期，请重新上传"}

    def test_a_file_of_another_kind_is_refused_naming_both_kinds(self, app, owner):
        with app.app_context():
            file_id = services.upload(owner, "photo", "p.jpg", samples.jpeg()).id
            with pytest.raises(InvalidInput) as refusal:
                services.claim(file_id, owner, [FileKind.commitment_letter], field="commitment_letter_file_id")
            assert refusal.value.fields == {
                "commitment_letter_file_id": "此处须上传诚信承诺书，所选文件是一寸免冠照"}


class TestReading:
    def test_only_the_owner_reads_a_file_others_get_the_answer_for_a_missing_one(self, app, owner, make_account):
        stranger = make_account()
        with app.app_context():
            file_id = services.upload(owner, "education_proof", "a.pdf", samples.pdf()).id
            assert services.open_for_owner(file_id, owner).data.startswith(b"%PDF-")
            for reader in (lambda: services.open_for_owner(file_id, stranger),
                           lambda: services.open_if(file_id, lambda row: False),
                           lambda: services.open_for_owner(999_999, owner)):
                with pytest.raises(NotFound) as refusal:
                    reader()
                assert refusal.value.message == "文件不存在"


class TestRemovingUnclaimedFiles:
    def upload(self, app, account: int, name: str, data: bytes | None = None, claim: bool = False) -> int:
        with app.app_context():
            row = services.upload(account, "education_proof", name, data or samples.pdf(name))
            if claim:
                services.claim(row.id, account, [FileKind.education_proof])
                db.session.commit()
            return row.id

    def remaining(self, app) -> set[str]:
        with app.app_context():
            return set(db.session.scalars(select(StoredFile.original_name)))

    def test_unclaimed_files_older_than_a_day_go_claimed_and_young_ones_stay(self, app, clock, owner, blobs):
        self.upload(app, owner, "old-unclaimed.pdf")
        self.upload(app, owner, "old-claimed.pdf", claim=True)
        clock.shift(timedelta(hours=23))
        self.upload(app, owner, "young.pdf")
        clock.shift(timedelta(hours=1, seconds=1))
        with app.app_context():
            assert services.remove_unclaimed() == 1
        assert self.remaining(app) == {"old-claimed.pdf", "young.pdf"}
        assert len(blobs()) == 2

    def test_a_shared_blob_survives_while_any_row_refers_to_it(self, app, clock, make_account, blobs):
        first, second = make_account(), make_account()
        same = samples.pdf("same")
        self.upload(app, first, "first.pdf", same)
        self.upload(app, second, "second.pdf", same, claim=True)
        clock.shift(timedelta(days=2))
        with app.app_context():
            assert services.remove_unclaimed() == 1
        assert self.remaining(app) == {"second.pdf"} and len(blobs()) == 1

    def test_the_blob_goes_with_the_last_row_that_shared_it(self, app, clock, make_account, blobs):
        same = samples.pdf("same")
        self.upload(app, make_account(), "first.pdf", same)
        self.upload(app, make_account(), "second.pdf", same)
        clock.shift(timedelta(days=2))
        with app.app_context():
            assert services.remove_unclaimed() == 2
        assert self.remaining(app) == set() and blobs() == []

    def test_the_command_line_runs_the_same_cleanup(self, app, clock, owner, blobs):
        self.upload(app, owner, "old.pdf")
        clock.shift(timedelta(hours=25))
        result = app.test_cli_runner().invoke(args=["remove-unclaimed-files"])
        assert result.exit_code == 0 and "已删除 1 个未使用的上传文件" in result.output
        assert blobs() == []
