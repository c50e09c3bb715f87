"""The admission letter (入库通知书) of an admitted expert: rendered once, stored, served the same.

Its content is fixed by the result: issued on the Beijing day the result was recorded, for a
term of TERM_YEARS from that day (the expert pool's usual three-year term, 聘期三年), listing the
specialties the application was approved with (the most specific pick of each branch; alternates
marked). The first request renders it (reportlab, ~40 ms) and stores it; a second request at the
same moment stores nothing and serves the first one's bytes.

The QR code carries a signed token naming the application (salt "admission-letter");
`/verify/admission/<token>` says whether the expert is still in the pool.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import Account
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.clock import beijing, now
from server.documents.admission_letter import AdmissionLetterData, admission_letter_pdf
from server.documents.verification import mask_name
from server.errors import NotFound
from server.exams.models import AdmissionLetter, ExamResult
from server.extensions import db
from server.files.blobs import drop_blob_if_unreferenced, lock_blob
from server.files.storage import BlobMissing, blob_key, storage
from server.reference import services as reference
from server.reference.catalog import Catalog
from server.reference.organisations import ASSOCIATION_NAME
from server.transactions import atomic

TERM_YEARS = 3
SALT = "admission-letter"
NOT_ADMITTED = "尚未入库，暂无入库通知书"
VALID = "有效：该专家在评标专家库中，聘期内"
ENDED = "已过期：该通知书的聘期已满"
NOT_IN_POOL = "已失效：该专家当前不在评标专家库中"


def term_of(start: date) -> tuple[date, date]:
    """TERM_YEARS from `start`, ending the day before its anniversary (29 February → 28th)."""
    try:
        anniversary = start.replace(year=start.year + TERM_YEARS)
    except ValueError:
        anniversary = start.replace(year=start.year + TERM_YEARS, day=28)
    return start, anniversary - timedelta(days=1)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def letter_token(application_id: int) -> str:
    return _serializer().dumps(application_id)


def read_letter_token(token: str) -> int | None:
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    return payload if isinstance(payload, int) and not isinstance(payload, bool) else None


def letter_verify_url(application_id: int) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/verify/admission/{letter_token(application_id)}"


def _leaves(codes: list[str], catalog: Catalog) -> list[str]:
    """The most specific picks: a picked node whose picked child stands for it is left out."""
    picked = [code for code in codes if code in catalog]
    parents = {catalog[code].parent_code for code in picked}
    return [catalog[code].label for code in picked if code not in parents]


def specialty_lines(application: Application, catalog: Catalog) -> tuple[str, ...]:
    primary = _leaves(application.primary_specialties or [], catalog)
    alternate = [f"{label}（备选）" for label in _leaves(application.alternate_specialties or [], catalog)]
    return tuple(primary + alternate)


def issued_on(application: Application) -> date:
    result = db.session.scalar(select(ExamResult).where(ExamResult.application_id == application.id))
    return beijing(result.recorded_at if result else application.state_changed_at).date()


def letter_data(application: Application) -> AdmissionLetterData:
    batch = db.session.get(Batch, application.batch_id)
    day = issued_on(application)
    start, end = term_of(day)
    return AdmissionLetterData(
        expert_number=application.expert_number, name=application.name or "",
        specialties=specialty_lines(application, reference.catalog()), term_start=start, term_end=end,
        batch_name=batch.name, issuer=ASSOCIATION_NAME, issued_on=day,
        verify_url=letter_verify_url(application.id))


@dataclass(frozen=True)
class IssuedLetter:
    expert_number: str
    data: bytes

    @property
    def filename(self) -> str:
        return f"入库通知书-{self.expert_number}.pdf"

    @property
    def ascii_filename(self) -> str:
        return f"admission-letter-{self.expert_number}.pdf"


def admitted_application(account: Account) -> Application:
    """The person's latest admission, whichever batch is open now (a later batch's draft does not
    take an expert's letter away)."""
    application = db.session.scalar(select(Application).where(
        Application.account_id == account.id, Application.state == S.admitted)
        .order_by(Application.state_changed_at.desc(), Application.id.desc()).limit(1))
    if application is None:
        raise NotFound(NOT_ADMITTED)
    return application


def _stored(application_id: int) -> AdmissionLetter | None:
    return db.session.scalar(select(AdmissionLetter).where(AdmissionLetter.application_id == application_id))


def letter_of(application: Application) -> IssuedLetter:
    """The stored letter, issued now if this is its first request."""
    row = _stored(application.id) or _issue(application)
    try:
        return IssuedLetter(application.expert_number, storage().get(row.sha256))
    except BlobMissing:
        raise NotFound("入库通知书文件丢失，请联系技术服务咨询热线") from None


def letter_for(account: Account) -> IssuedLetter:
    return letter_of(admitted_application(account))


def _issue(application: Application) -> AdmissionLetter:
    data = letter_data(application)
    pdf = admission_letter_pdf(data, current_app.config["PDF_FONT_PATH"])  # rendered outside any transaction
    try:
        return _store(application.id, data, pdf)
    except IntegrityError:  # a parallel first request stored its letter first: that one stands
        drop_blob_if_unreferenced(blob_key(pdf))
        return _stored(application.id)


@atomic
def _store(application_id: int, data: AdmissionLetterData, pdf: bytes) -> AdmissionLetter:
    sha256 = blob_key(pdf)
    lock_blob(sha256)
    storage().put(pdf)
    row = AdmissionLetter(application_id=application_id, sha256=sha256, size=len(pdf), issued_on=data.issued_on,
                          term_start=data.term_start, term_end=data.term_end)
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class LetterCheck:
    """What the verification page may show: the masked name, the number, the term and the verdict."""

    masked_name: str
    expert_number: str
    batch_name: str
    term_start: date
    term_end: date
    issued_on: date
    verdict: str

    @property
    def valid(self) -> bool:
        return self.verdict == VALID


def check_letter(token: str) -> LetterCheck | None:
    """The letter behind a token; None for a token we did not sign or a letter never issued."""
    application_id = read_letter_token(token)
    row = _stored(application_id) if application_id is not None else None
    application = db.session.get(Application, application_id) if row else None
    if application is None:
        return None
    batch = db.session.get(Batch, application.batch_id)
    if application.state is not S.admitted:
        verdict = NOT_IN_POOL
    elif beijing(now()).date() > row.term_end:
        verdict = ENDED
    else:
        verdict = VALID
    return LetterCheck(mask_name(application.name), application.expert_number or "", batch.name,
                       row.term_start, row.term_end, row.issued_on, verdict)


@dataclass(frozen=True)
class ResultView:
    """The applicant's own result, as the mini-program's home card and letter page show it."""

    expert_number: str
    passed: bool
    score: str | None
    recorded_at: datetime
    term_start: date | None  # admitted only
    term_end: date | None


def result_for(account: Account) -> ResultView:
    """The person's latest recorded result, in any batch."""
    row = db.session.execute(select(Application, ExamResult).join(ExamResult, ExamResult.application_id == Application.id)
                             .where(Application.account_id == account.id)
                             .order_by(ExamResult.recorded_at.desc(), ExamResult.id.desc()).limit(1)).first()
    if row is None:
        raise NotFound("尚无考试结果")
    application, result = row
    start, end = term_of(issued_on(application)) if application.state is S.admitted else (None, None)
    return ResultView(application.expert_number or "", application.state is S.admitted, result.score,
                      result.recorded_at, start, end)
