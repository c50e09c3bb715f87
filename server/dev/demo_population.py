"""A populated console for `make run`: a few dozen demo applications across the 14 prefectures, in
every state the journey reaches (draft, submitted, waiting for review, rejected with reasons and
field marks, approved with an expert number, paid, admitted or failed in the exam), each with its
photo, ID card images, PDFs and signed sheet.

They are made through the real services (drafts, submission, review decisions, the offline payment
the association records, exam results), so the console, the exports and the dashboard show what
real use would. Idempotent: an applicant that exists already is left as it is, so a second run adds
nothing. The demo applicants' accounts have random passwords nobody knows (`demo_pop_NN`).
"""
from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from server.accounts.models import Account, StaffMember
from server.accounts.passwords import hash_password
from server.applications import drafts, submission
from server.applications.models import Application, ApplicationState, Certificate
from server.applications.rules.id_number import check_character
from server.clock import beijing, now
from server.dev.demo_application import form_sections, signed_sheet_file, upload_demo_file
from server.exams.results import record_one
from server.extensions import db
from server.payments.offline import record_offline_payment
from server.reference.options import bundled_options
from server.review import services as review
from server.transactions import atomic

S = ApplicationState
USERNAME = "demo_pop_{:02d}"
# How many demo applications end in each state (36 in all).
PLAN: tuple[tuple[ApplicationState, int], ...] = (
    (S.draft, 4), (S.info_submitted, 4), (S.pending_review, 8), (S.rejected, 5), (S.approved, 5),
    (S.paid, 4), (S.admitted, 3), (S.failed, 3))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ("建国", "志强", "秀英", "海燕", "卫东", "晓明", "丽娟", "国庆", "文博", "雪梅", "振华", "玉兰")
TITLES = (("高级工程师", "副高级"), ("正高级工程师", "正高级"), ("高级建筑师", "副高级"))
REJECTION = ("职称证书照片模糊，请重新上传清晰的扫描件；单位意见处缺少公章。",
             {"basic.title_certificate_file_id": "扫描件不清晰", "review.signed_sheet_file_id": "缺少单位公章"})


@dataclass(frozen=True)
class DemoApplicant:
    number: int
    state: ApplicationState
    prefecture_code: str

    @property
    def username(self) -> str:
        return USERNAME.format(self.number)

    @property
    def phone(self) -> str:
        return f"1370099{self.number:04d}"

    @property
    def name(self) -> str:
        return SURNAMES[self.number % len(SURNAMES)] + GIVEN[self.number % len(GIVEN)]

    @property
    def id_number(self) -> str:
        first17 = f"650102{1960 + self.number % 30}0{1 + self.number % 9}1{self.number % 10}{100 + self.number:03d}"
        return first17 + check_character(first17)


def plan() -> list[DemoApplicant]:
    """The demo applicants: the states of PLAN, the prefectures in turn."""
    codes = [prefecture.code for prefecture in bundled_options().prefectures]
    states = [state for state, count in PLAN for _ in range(count)]
    return [DemoApplicant(n, state, codes[n % len(codes)]) for n, state in enumerate(states, start=1)]


@atomic
def _new_account(person: DemoApplicant) -> Account | None:
    """The person's account, made now; None when it exists (an earlier run made it)."""
    if db.session.scalar(select(Account.id).where(Account.username == person.username)) is not None:
        return None
    account = Account(username=person.username, phone=person.phone,
                      password_hash=hash_password(secrets.token_urlsafe(18)))
    db.session.add(account)
    db.session.flush()
    return account


def _fill(account: Account, person: DemoApplicant) -> None:
    title, level = TITLES[person.number % len(TITLES)]
    for section, values in form_sections(account, name=person.name, id_number=person.id_number,
                                         prefecture_code=person.prefecture_code, title=title, title_level=level,
                                         email=f"{person.username}@example.com").items():
        drafts.save_section(account, section, values)
    drafts.add_item(account, Certificate, {"name": "一级注册建造师", "registration_number": f"新1650{person.number:07d}",
                                           "proof_file_id": upload_demo_file(account, "certificate_proof")})


def _reviewer(prefecture_code: str) -> StaffMember:
    return db.session.execute(select(StaffMember).where(StaffMember.username == f"reviewer{prefecture_code}")
                              ).scalar_one()


def _association() -> StaffMember:
    return db.session.execute(select(StaffMember).where(StaffMember.username == "association")).scalar_one()


def _bring(account: Account, person: DemoApplicant) -> None:
    """Through the journey, as far as the person's state."""
    order = [S.draft, S.info_submitted, S.pending_review, S.approved, S.paid]
    target = {S.rejected: S.pending_review, S.admitted: S.paid, S.failed: S.paid}.get(person.state, person.state)
    reach = order.index(target)
    _fill(account, person)
    if reach >= 1:
        application = submission.submit_info(account)
    if reach >= 2:
        submission.submit_for_review(account, signed_sheet_file(account))
    if person.state is S.rejected:
        review.reject(application.id, _reviewer(person.prefecture_code), REJECTION[0], REJECTION[1], None)
    if reach >= 3:
        application = review.approve(application.id, _reviewer(person.prefecture_code), None)
    if reach >= 4:
        record_offline_payment(application.id, _association(), method="bank_transfer",
                               reference=f"DEMO{person.number:06d}", paid_on=beijing(now()).date())
    if person.state in (S.admitted, S.failed):
        passed = person.state is S.admitted
        record_one(application.expert_number, passed, "86" if passed else "52", _association())


def seed_demo_applications() -> int:
    """Make the demo applications that do not exist yet; how many were made."""
    made = 0
    for person in plan():
        account = _new_account(person)
        if account is not None:
            _bring(account, person)
            made += 1
    return made


def demo_counts() -> Counter:
    """The demo applications by state (for the start-up banner and the tests)."""
    rows = db.session.execute(select(Application.state).join(Account, Account.id == Application.account_id)
                              .where(Account.username.like("demo\\_pop\\_%", escape="\\")))
    return Counter(state for (state,) in rows)
