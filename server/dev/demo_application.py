"""Demo applications, filled and submitted for review through the real services, so that a new
user of `make run` can approve them in the console and go on to pay.

Its files are made here (a JPEG by Pillow, one-page PDFs by reportlab): the same checks as any
upload apply to them. Nothing is made when the applicant has submitted already, or when the demo
batch's registration is over (then the reason is returned for the start-up banner).
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from flask import current_app
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from server.accounts.models import Account
from server.applications import drafts, submission
from server.applications.models import Certificate
from server.applications.rules.id_number import check_character
from server.documents.review_sheet_pdf import review_sheet_pdf
from server.documents.review_sheet_source import current_sheet
from server.errors import DomainError
from server.files import services as files

IMAGE_KINDS = ("photo", "id_card_front", "id_card_back")


@dataclass(frozen=True)
class DemoPerson:
    username: str
    phone: str
    name: str
    id_first17: str  # a Urumqi ID number without its check character
    email: str

    @property
    def id_number(self) -> str:
        return self.id_first17 + check_character(self.id_first17)


def _jpeg(width: int, height: int) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (205, 215, 230)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _pdf(title: str) -> bytes:
    buffer = BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    document.drawString(72, 720, f"demo: {title}")
    document.showPage()
    document.save()
    return buffer.getvalue()


_BYTES: dict[str, tuple[bytes, str]] = {}


def upload_demo_file(account: Account, kind: str) -> int:
    """An upload of `kind` by the account, checked like any other (the bytes are made once)."""
    if kind not in _BYTES:
        if kind in IMAGE_KINDS:
            _BYTES[kind] = (_jpeg(300 if kind == "photo" else 600, 420 if kind == "photo" else 400), f"{kind}.jpg")
        else:
            _BYTES[kind] = (_pdf(kind), f"{kind}.pdf")
    data, name = _BYTES[kind]
    return files.upload(account.id, kind, name, data).id


def signed_sheet_file(account: Account) -> int:
    """The demo's signed scan: the submission's own sheet (every page of it, as a real scan has)."""
    pdf = review_sheet_pdf(current_sheet(account.id, with_photo=False), current_app.config.get("PDF_FONT_PATH"))
    return files.upload(account.id, "signed_review_sheet", "signed_review_sheet.pdf", pdf).id


def form_sections(account: Account, *, name: str, id_number: str,
                  prefecture_code: str = "650100", title: str = "高级工程师", title_level: str = "副高级",
                  email: str = "demo@example.com") -> dict[str, dict]:
    """A complete form, by section, with the account's own uploads in its slots."""
    file = lambda kind: upload_demo_file(account, kind)  # noqa: E731
    return {
        "basic": {"name": name, "id_number": id_number, "political_affiliation": "13",
                  "prefecture_code": prefecture_code, "title": title, "title_level": title_level,
                  "photo_file_id": file("photo"), "id_card_front_file_id": file("id_card_front"),
                  "id_card_back_file_id": file("id_card_back"),
                  "title_certificate_file_id": file("title_certificate"),
                  "education_proof_file_id": file("education_proof")},
        "qualification": {"profession_level1": "A04", "profession_level2": "A0401", "years_of_practice": 20,
                          "work_unit": "新疆某建筑设计研究院", "unit_credit_code": "91310110076408176P"},
        "evaluation": {"accepts_remote_evaluation": True, "willing_emergency_expert": False, "email": email},
        "specialties": {"primary": ["A04", "A0401", "A040101"], "alternate": []},
        "experience": {"work_experience": "2000年至今从事建筑设计工作。", "evaluation_experience": "无"},
        "renewal": {"kind": "new"},
        "commitment": {"commitment_letter_file_id": file("commitment_letter")},
    }


def ensure_sent_for_review(account: Account, person: DemoPerson) -> str:
    """Fill, submit and send for review the account's application as `person` (once); what
    happened, in Chinese."""
    application = drafts.current_application(account)
    if application.submitted_at is not None:
        return f"演示申请已存在（{application.state.label}）"
    try:
        for section, values in form_sections(account, name=person.name, id_number=person.id_number,
                                               email=person.email).items():
            drafts.save_section(account, section, values)
        drafts.add_item(account, Certificate, {"name": "一级注册建筑师", "registration_number": "新165060812345",
                                               "proof_file_id": upload_demo_file(account, "certificate_proof")})
        submission.submit_info(account)
        submission.submit_for_review(account, signed_sheet_file(account))
    except DomainError as refused:
        return f"未能生成演示申请：{refused.message}"
    return "演示申请已提交审核（乌鲁木齐市），可在工作台审核通过"
