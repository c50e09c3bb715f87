"""The applicant's side of the lifecycle: submit the information (提交资料), put the signed sheet in
its slot, submit for review (提交审核), withdraw (撤回); and a file into any slot (desktop upload).

Each write is one transaction (`atomic`) that locks the applicant's application row (the submit:
writes it only if unchanged since its check, `drafts.unless_changed`), asks the lifecycle whether
the action may be taken, changes, and moves the state — or changes nothing.
"""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.completeness import application_problems
from server.applications.drafts import (
    DraftFacts,
    as_fields,
    current_application,
    draft_facts,
    locked_application,
    unless_changed,
)
from server.applications.file_rows import file_rows_and_facts
from server.applications.models import Application, ApplicationSnapshot
from server.applications.rules.eligibility import EligibilityRules
from server.applications.rules.problems import Problem
from server.applications.slots import CERTIFICATE_PROOF_KINDS, SIGNED_SHEET_KINDS, Slot, desktop_slot
from server.applications.snapshot import form_data, frozen_copy, latest_snapshot
from server.batches.models import Batch
from server.clock import now
from server.documents.review_sheet_pdf import sheet_page_count
from server.documents.scan_pdf import pdf_from_page_images
from server.errors import Conflict, Incomplete, InvalidInput, NotFound
from server.extensions import db
from server.files import services as files
from server.files.models import FileKind
from server.reference import services as reference
from server.transactions import atomic

OLD_SHEET = ("该文件上传于本次提交资料之前，不是本次生成的申请和资格审查表；"
             "请下载本次的审查表，签字盖章后扫描上传")
NO_SHEET = "请上传签字盖章的申请和资格审查表"
FEW_PAGES = ("本次申请和资格审查表共{expected}页，上传的扫描件只有{scanned}页："
             "请将每一页签字并加盖单位公章后全部扫描（或逐页拍照）上传")
SHEET_LABEL = "签字盖章的申请和资格审查表"
SHEET_PAGE_KINDS = (FileKind.signed_sheet_page,)
DUPLICATE_ID = "该身份证号码已在本批次提交过申请"
DUPLICATE_ID_AT_SAVE = ("该身份证号码已在本批次提交过申请，本申请将无法提交；"
                        "如非本人提交，请联系所在市州住房城乡建设主管部门")


def problems_of(application: Application, account: Account, batch: Batch,
                facts: DraftFacts | None = None) -> list[Problem]:
    """Every problem that would refuse the submit, in the form's order (`facts`: the draft's,
    when the caller asked for them already)."""
    problems = application_problems(form_data(application, account.phone), rules=EligibilityRules.of(batch),
                                    registration_deadline=batch.registration_closes_at,
                                    catalog=reference.catalog(batch=batch), closed=reference.closed_codes_of(batch))
    if (facts or draft_facts(application)).submitted_elsewhere:  # said without naming the other account
        problems.insert(0, Problem("basic.id_number", DUPLICATE_ID_AT_SAVE, kind="duplicate_id"))
    return problems


def submit_info(account: Account) -> Application:
    """draft → info_submitted: complete, in time, one per ID number per batch; freezes a snapshot.

    The completeness check runs before the write lock is taken, and is repeated under it only
    when the application changed in between."""
    application = current_application(account)
    batch = db.session.get(Batch, application.batch_id)
    actor = Actor.applicant(account.id)
    lifecycle.require(application, "submit_info", actor, batch)
    _refuse_incomplete(application, account, batch, file_rows_and_facts(application)[1])  # files for the answer
    return unless_changed(lambda current: _freeze(account, current), application)


def _refuse_incomplete(application: Application, account: Account, batch: Batch,
                       facts: DraftFacts | None = None) -> None:
    problems = problems_of(application, account, batch, facts)
    if any(p.kind == "duplicate_id" for p in problems):  # as when two submits race: the other one won
        raise Conflict(DUPLICATE_ID, as_fields(problems))
    if problems:
        fields = as_fields(problems)
        raise Incomplete(f"还有{len(fields)}项需要完善", fields)


@atomic(keep_loaded=True)
def _freeze(account: Account, checked: Application | None) -> Application:
    """The checked application frozen, or (None) the application locked and checked again."""
    if checked is None:
        application, batch = locked_application(account)
        lifecycle.require(application, "submit_info", Actor.applicant(account.id), batch)
        _refuse_incomplete(application, account, batch)
    else:
        application, batch = checked, db.session.get(Batch, checked.batch_id)
    application.submission_count += 1
    sequence = application.submission_count
    data = frozen_copy(application, account.phone)
    application.submitted_id_hash = application.id_number_hash
    application.submitted_at = now()
    application.review_prefecture_code = data["basic"]["prefecture_code"]
    lifecycle.move(application, "submit_info", Actor.applicant(account.id), batch, sequence=sequence)
    db.session.add(ApplicationSnapshot(application_id=application.id, sequence=sequence, data=data))
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict(DUPLICATE_ID, {"basic.id_number": DUPLICATE_ID}) from None
    return application


def _put_signed_sheet(application: Application, file_id: int, account_id: int) -> None:
    sheet = files.claim(file_id, account_id, SIGNED_SHEET_KINDS, field="signed_sheet_file_id")
    snapshot = latest_snapshot(application.id)
    if sheet.created_at < snapshot.taken_at:
        raise InvalidInput.field("signed_sheet_file_id", OLD_SHEET)
    expected, scanned = sheet_page_count(snapshot), files.pdf_pages(sheet)
    if scanned is not None and scanned < expected:
        raise InvalidInput.field("signed_sheet_file_id", FEW_PAGES.format(expected=expected, scanned=scanned))
    application.signed_sheet_file_id = sheet.id


def upload_signed_sheet_photos(account: Account, page_file_ids: list[int]) -> Application:
    """The signed sheet photographed page by page (kind signed_sheet_page, in page order): one PDF is
    built from the photos, stored as the signed sheet and put in its slot like an uploaded scan."""
    application = current_application(account)
    lifecycle.require(application, "upload_signed_sheet", Actor.applicant(account.id),
                      db.session.get(Batch, application.batch_id))
    if not page_file_ids:
        raise InvalidInput.field("page_file_ids", "请按页码顺序上传审查表每一页的照片")
    if len(set(page_file_ids)) != len(page_file_ids):
        raise InvalidInput.field("page_file_ids", "同一张照片不能重复使用：请每页各拍一张")
    photos = [files.page_photo(file_id, account.id, SHEET_PAGE_KINDS, field=f"page_file_ids[{n}]")
              for n, file_id in enumerate(page_file_ids)]
    pdf = pdf_from_page_images(photos, title=SHEET_LABEL)
    stored = files.upload(account.id, FileKind.signed_review_sheet, f"{SHEET_LABEL}（照片）.pdf", pdf,
                          field="page_file_ids")
    return upload_signed_sheet(account, stored.id)


@atomic(keep_loaded=True)
def upload_signed_sheet(account: Account, signed_sheet_file_id: int) -> Application:
    """The signed, stamped scan of this submission's sheet goes into its slot (stored at once)."""
    application, batch = locked_application(account)
    lifecycle.require(application, "upload_signed_sheet", Actor.applicant(account.id), batch)
    _put_signed_sheet(application, signed_sheet_file_id, account.id)
    return application


@atomic(keep_loaded=True)
def submit_for_review(account: Account, signed_sheet_file_id: int | None = None) -> Application:
    """info_submitted → pending_review with the signed scan (given now, or already in its slot)."""
    application, batch = locked_application(account)
    actor = Actor.applicant(account.id)
    lifecycle.require(application, "submit_for_review", actor, batch)
    if signed_sheet_file_id is not None:
        _put_signed_sheet(application, signed_sheet_file_id, account.id)
    if application.signed_sheet_file_id is None:
        raise InvalidInput.field("signed_sheet_file_id", NO_SHEET)
    application.review_submitted_at = now()
    snapshot = latest_snapshot(application.id)
    lifecycle.move(application, "submit_for_review", actor, batch,
                   snapshot_id=snapshot.id, signed_sheet_file_id=application.signed_sheet_file_id)
    return application


@atomic(keep_loaded=True)
def withdraw(account: Account) -> Application:
    """Back to draft (撤回) from info_submitted, pending_review (until a reviewer decides) or
    rejected. The signed sheet goes with the withdrawn submission; the next submit makes a new
    snapshot, and so a new sheet. `submitted_id_hash` stays: the person is still applying, and
    `review_prefecture_code` stays: staff keep seeing the last submission where it was sent."""
    application, batch = locked_application(account)
    snapshot = latest_snapshot(application.id)
    lifecycle.move(application, "withdraw", Actor.applicant(account.id), batch,
                   snapshot_id=snapshot.id if snapshot else None)
    application.signed_sheet_file_id = None
    application.review_submitted_at = None
    return application


@atomic
def attach_file_to_slot(application_id: int, account_id: int, slot_key: str, file_id: int) -> Slot:
    """Put an uploaded file into a slot of the applicant's own application (desktop upload): the
    signed review sheet into a submitted application, every other slot into the editable draft."""
    application = db.session.get(Application, application_id, with_for_update=True)
    if application is None or application.account_id != account_id:
        raise NotFound("申请不存在")
    batch = db.session.get(Batch, application.batch_id)
    slot = desktop_slot(application, slot_key)
    actor = Actor.applicant(account_id)
    if slot.is_signed_sheet:
        lifecycle.require(application, "upload_signed_sheet", actor, batch)
        _put_signed_sheet(application, file_id, account_id)
        return slot
    lifecycle.require(application, "edit", actor, batch)
    if slot.certificate is not None:
        files.claim(file_id, account_id, CERTIFICATE_PROOF_KINDS, field="certificates.proof_file_id")
        slot.certificate.proof_file_id = file_id
    else:
        files.claim(file_id, account_id, (slot.kind,), field=slot.column)
        setattr(application, slot.column, file_id)
    return slot

