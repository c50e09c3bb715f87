"""Applications brought to a given point of the journey through the services, without HTTP.

Uploads go through `files.upload` once per kind; further applicants get their own StoredFile rows
sharing those blobs (the store is content-addressed), which keeps hundreds of applications fast.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

from flask import Flask

from server.accounts.models import Account, StaffMember
from server.applications import services as applications
from server.applications.models import Application, Certificate
from server.applications.personal_data import encrypt_id_number, id_number_hash
from server.applications.rules.id_number import check_character, derive
from server.errors import DomainError
from server.extensions import db
from server.files import services as files
from server.files.models import StoredFile
from server.review import services as review
from tests import samples

IMAGE_KINDS = ("photo", "id_card_front", "id_card_back")
FILE_COLUMNS = {"photo_file_id": "photo", "id_card_front_file_id": "id_card_front",
                "id_card_back_file_id": "id_card_back", "title_certificate_file_id": "title_certificate",
                "education_proof_file_id": "education_proof", "commitment_letter_file_id": "commitment_letter"}
COPIED_COLUMNS = ("kind", "name", "political_affiliation", "title", "title_level", "profession_level1",
                  "profession_level2", "years_of_practice", "work_unit", "unit_credit_code",
                  "accepts_remote_evaluation", "willing_emergency_expert", "email", "primary_specialties",
                  "alternate_specialties", "work_experience", "evaluation_experience")
SHARED_COLUMNS = ("kind", "sha256", "size", "content_type", "original_name", "width", "height")


def id_number(sequence: int, year: int = 1975) -> str:
    """A checksum-valid Urumqi ID number; `sequence` (0–999) makes it unique."""
    first17 = f"650102{year}0101{sequence:03d}"
    return first17 + check_character(first17)


def staff(staff_id: int) -> StaffMember:
    return db.session.get(StaffMember, staff_id)


def account(account_id: int) -> Account:
    return db.session.get(Account, account_id)


@dataclass
class Builder:
    app: Flask
    templates: dict[str, dict] = field(default_factory=dict)
    accounts: int = 0

    def account(self) -> int:
        """A new applicant account; its id."""
        with self.app.app_context():
            return self._new_account()

    def _new_account(self) -> int:
        self.accounts += 1
        row = Account(username=f"applicant{self.accounts}", phone=f"1370000{self.accounts:04d}",
                      password_hash="x")
        db.session.add(row)
        db.session.commit()
        return row.id

    def file(self, account_id: int, kind: str) -> int:
        """A file of `kind` owned by the account (call inside an app context)."""
        if kind not in self.templates:
            data = samples.jpeg(300, 420) if kind in IMAGE_KINDS else samples.pdf(kind)
            stored = files.upload(account_id, kind, f"{kind}.{'jpg' if kind in IMAGE_KINDS else 'pdf'}", data)
            self.templates[kind] = {column: getattr(stored, column) for column in SHARED_COLUMNS}
            return stored.id
        row = StoredFile(owner_account_id=account_id, **self.templates[kind])
        db.session.add(row)
        db.session.commit()
        return row.id

    def fill(self, account_id: int, *, prefecture_code: str = "650100", sequence: int = 1) -> None:
        who = account(account_id)
        file = lambda kind: self.file(account_id, kind)  # noqa: E731
        sections = {
            "basic": {"name": "张三", "id_number": id_number(sequence), "political_affiliation": "13",
                      "prefecture_code": prefecture_code, "title": "高级工程师", "title_level": "副高级",
                      "photo_file_id": file("photo"), "id_card_front_file_id": file("id_card_front"),
                      "id_card_back_file_id": file("id_card_back"),
                      "title_certificate_file_id": file("title_certificate"),
                      "education_proof_file_id": file("education_proof")},
            "qualification": {"profession_level1": "A04", "profession_level2": "A0401",
                              "years_of_practice": 20, "work_unit": "新疆某建筑设计研究院",
                              "unit_credit_code": "91310110076408176P"},
            "evaluation": {"accepts_remote_evaluation": True, "willing_emergency_expert": False,
                           "email": "zhangsan@example.com"},
            "specialties": {"primary": ["A04", "A0401", "A040101"], "alternate": []},
            "experience": {"work_experience": "1998年至今从事建筑设计工作。", "evaluation_experience": "无"},
            "renewal": {"kind": "new"},
            "commitment": {"commitment_letter_file_id": file("commitment_letter")},
        }
        for section, values in sections.items():
            applications.save_section(who, section, values)
        applications.add_item(who, Certificate, {"name": "一级注册建筑师", "registration_number": "新165060812345",
                                                 "proof_file_id": file("certificate_proof")})

    def submitted(self, *, prefecture_code: str = "650100", sequence: int | None = None) -> int:
        """A new applicant's application, complete and submitted (info_submitted); its id."""
        account_id = self.account()
        with self.app.app_context():
            self.fill(account_id, prefecture_code=prefecture_code,
                      sequence=self.accounts if sequence is None else sequence)
            return applications.submit(account(account_id)).id

    def send_for_review(self, application_id: int) -> None:
        with self.app.app_context():
            row = db.session.get(Application, application_id)
            review.submit_for_review(account(row.account_id), self.file(row.account_id, "signed_review_sheet"))

    def pending(self, *, prefecture_code: str = "650100", sequence: int | None = None) -> int:
        """A new applicant's application waiting for review (pending_review); its id."""
        application_id = self.submitted(prefecture_code=prefecture_code, sequence=sequence)
        self.send_for_review(application_id)
        return application_id

    def many_pending(self, counts: dict[str, int]) -> list[tuple[int, str]]:
        """Many applications waiting for review, `counts` per prefecture: (id, prefecture) each.

        The first is filled section by section; the others copy its form (with their own ID
        number, prefecture and files) and then go through the real submit and submit-for-review."""
        first = next(iter(counts))
        made = [(self.pending(prefecture_code=first), first)]
        with self.app.app_context():
            template = db.session.get(Application, made[0][0])
            form = {column: getattr(template, column) for column in COPIED_COLUMNS}
            certificate = template.certificates[0]
            for code, count in counts.items():
                for _ in range(count - (code == first)):
                    made.append((self._copy(form, certificate, code), code))
        return made

    def _copy(self, form: dict, certificate: Certificate, prefecture_code: str) -> int:
        account_id = self._new_account()
        number = id_number(self.accounts)
        files_of = {kind: StoredFile(owner_account_id=account_id, **columns)
                    for kind, columns in self.templates.items()}
        db.session.add_all(files_of.values())
        db.session.flush()
        application = applications.current_application_for(account(account_id), lock=True)
        for column, value in form.items():
            setattr(application, column, value)
        for column, kind in FILE_COLUMNS.items():
            setattr(application, column, files_of[kind].id)
        application.prefecture_code = prefecture_code
        application.id_number_encrypted = encrypt_id_number(number)
        application.id_number_hash, application.id_number_last4 = id_number_hash(number), number[-4:]
        application.birth, application.gender = derive(number)
        application.certificates.append(Certificate(name=certificate.name,
                                                    registration_number=certificate.registration_number,
                                                    proof_file_id=files_of["certificate_proof"].id))
        db.session.commit()
        applications.submit(account(account_id))
        review.submit_for_review(account(account_id), files_of["signed_review_sheet"].id)
        return application.id

    def owner(self, application_id: int) -> Account:
        """The application's account (call inside an app context)."""
        return account(db.session.get(Application, application_id).account_id)


def at_once(app: Flask, *calls: Callable[[], object]) -> list[object]:
    """Run the calls at the same moment, each in its own thread and app context (so its own
    session and database connection); each result is the return value or the DomainError."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = call()
            except DomainError as refusal:
                results[index] = refusal
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
