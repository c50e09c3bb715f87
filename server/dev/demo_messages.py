"""The messaging part of `make run`'s demo: two applications waiting for review, their WeChat
side in the sandbox, and Tencent's approved SMS texts.

- 张三 (the demo applicant, `demo_applicant`) is waiting for review and not yet bound: a binding
  QR code for them is in the sandbox's official-account page, ready to be "scanned".
- 李四 (`demo_applicant2`) is waiting for review and follows the official account already (bound
  by the unionid WeChat gives for someone who logged in to the mini-program with WeChat).

Rejecting or approving them in the console writes their messages; the scheduler's sender
delivers them within a minute, and the sandbox's messages page shows what was sent.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from io import BytesIO

from flask import current_app
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from server.accounts.models import Account
from server.accounts.passwords import hash_password
from server.applications import drafts, submission
from server.applications.models import Application, Certificate
from server.applications.rules.id_number import check_character
from server.dev.demo import DEMO_APPLICANT
from server.dev.demo_application import signed_sheet_file
from server.extensions import db
from server.files import services as files
from server.messages.texts import sms_template_texts
from server.official_account import binding
from server.official_account.models import OfficialAccountBinding
from server.sandbox import SandboxServer
from server.transactions import atomic

SECOND_APPLICANT = ("demo_applicant2", "13900139000")


@dataclass(frozen=True)
class DemoPerson:
    username: str
    phone: str
    name: str
    id_first17: str  # a Urumqi ID number without its check character


PEOPLE = (DemoPerson(*DEMO_APPLICANT, "张三", "65010219750101001"),
          DemoPerson(*SECOND_APPLICANT, "李四", "65010219800202002"))


def _jpeg(width: int, height: int) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 210, 230)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    buffer = BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    document.drawString(72, 720, text)
    document.showPage()
    document.save()
    return buffer.getvalue()


def _file(account_id: int, kind: str) -> int:
    image = kind in ("photo", "id_card_front", "id_card_back")
    data = _jpeg(300, 420) if image else _pdf(f"demo {kind}")
    return files.upload(account_id, kind, f"{kind}.{'jpg' if image else 'pdf'}", data).id


def _sections(account_id: int, person: DemoPerson) -> dict[str, dict]:
    file = lambda kind: _file(account_id, kind)  # noqa: E731
    return {
        "basic": {"name": person.name, "id_number": person.id_first17 + check_character(person.id_first17),
                  "political_affiliation": "13", "prefecture_code": "650100", "title": "高级工程师",
                  "title_level": "副高级", "photo_file_id": file("photo"),
                  "id_card_front_file_id": file("id_card_front"), "id_card_back_file_id": file("id_card_back"),
                  "title_certificate_file_id": file("title_certificate"),
                  "education_proof_file_id": file("education_proof")},
        "qualification": {"profession_level1": "A04", "profession_level2": "A0401", "years_of_practice": 20,
                          "work_unit": "新疆某建筑设计研究院", "unit_credit_code": "91310110076408176P"},
        "evaluation": {"accepts_remote_evaluation": True, "willing_emergency_expert": False,
                       "email": f"{person.username}@example.com"},
        "specialties": {"primary": ["A04", "A0401", "A040101"], "alternate": []},
        "experience": {"work_experience": "1998年至今从事建筑设计工作。", "evaluation_experience": "无"},
        "renewal": {"kind": "new"},
        "commitment": {"commitment_letter_file_id": file("commitment_letter")},
    }


@atomic
def _account(person: DemoPerson) -> Account:
    account = db.session.execute(select(Account).where(Account.username == person.username)).scalar_one_or_none()
    if account is None:  # the demo applicant's own row comes from demo.py; the second one from here
        # Nobody logs in as them in the demo: a password nobody knows.
        account = Account(username=person.username, phone=person.phone,
                          password_hash=hash_password(secrets.token_urlsafe(18)))
        db.session.add(account)
        db.session.flush()
    return account


def _send_for_review(person: DemoPerson) -> None:
    """The person's application filled, submitted and sent for review, unless they have one."""
    account = _account(person)
    if db.session.scalar(select(Application.id).where(Application.account_id == account.id)) is not None:
        return
    for section, values in _sections(account.id, person).items():
        drafts.save_section(account, section, values)
    drafts.add_item(account, Certificate, {"name": "一级注册建筑师", "registration_number": "新165060812345",
                                           "proof_file_id": _file(account.id, "certificate_proof")})
    submission.submit_info(account)
    submission.submit_for_review(account, signed_sheet_file(account))


@atomic
def _logged_in_with_wechat(account: Account, unionid: str) -> None:
    account.wechat_unionid = unionid


def _follow(sandbox: SandboxServer, account: Account) -> None:
    """The second applicant logged in with WeChat and follows the official account: WeChat's
    unionid binds them (no QR code needed)."""
    if binding.binding_of(account.id) is not None:
        return
    unionid = f"demo-unionid-{account.id}"
    _logged_in_with_wechat(account, unionid)
    binding.bind_by_unionid(sandbox.add_follower(unionid=unionid), unionid)


def prepare(sandbox: SandboxServer) -> None:
    """Call in an app context once the demo data is loaded and the sandbox runs."""
    for kind, text in sms_template_texts().items():
        template_id = current_app.config["SMS_TEMPLATE_IDS"].get(kind)
        if template_id:
            sandbox.register_sms_template(template_id, text)
    for person in PEOPLE:
        _send_for_review(person)
    # The sandbox starts empty every run; our database remembers who follows.
    for openid in db.session.execute(select(OfficialAccountBinding.openid)).scalars():
        sandbox.add_follower(openid)
    first, second = (_account(person) for person in PEOPLE)
    _follow(sandbox, second)
    if binding.binding_of(first.id) is None:
        binding.binding_code(first)  # the one QR code on the sandbox's page: 张三's
