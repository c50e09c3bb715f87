"""Application services: read, save by section, lists, uploads, renewal, completeness, submit.

Each write locks the application row, checks, changes and commits, or changes nothing.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import Account
from server.applications import workflow
from server.applications.completeness import application_problems
from server.applications.form import (CERTIFICATE_PROOF_KINDS, FILE_SLOTS, MAX_LIST_ITEMS,
                                      SECTION_FIELDS, file_slot_for)
from server.applications.models import (Application, ApplicationSnapshot, ApplicationState,
                                        AvoidanceUnit, Certificate)
from server.applications.personal_data import encrypt_id_number, id_number_hash
from server.applications.rules.credit_code import CreditCodeStatus, check_credit_code
from server.applications.rules.eligibility import EligibilityRules
from server.applications.rules.id_number import derive
from server.applications.rules.problems import Problem
from server.applications.rules.specialties import CheckMode, check_specialties
from server.applications.snapshot import form_data, frozen_copy
from server.applications.validation import SaveContext, field_error
from server.audit.services import Actor
from server.batches.models import Batch
from server.batches.services import current_batch
from server.clock import beijing, now
from server.errors import Conflict, Incomplete, InvalidInput, NotFound
from server.extensions import db
from server.files import services as files
from server.files.models import FileKind
from server.reference import services as reference

SIGNED_SHEET_SLOT = "signed_review_sheet"
APPROVED_STATES = (ApplicationState.approved, ApplicationState.paid, ApplicationState.admitted)
RENEWAL_COPIED_FIELDS = tuple(f for section in ("basic", "qualification", "evaluation", "experience")
                              for f in SECTION_FIELDS[section] if f != "id_number") + (
    "id_number_encrypted", "id_number_hash", "id_number_last4", "unit_credit_code_confirmed")


def _open_batch() -> Batch:
    batch = current_batch()
    if batch is None:
        raise NotFound("当前没有开放的选聘批次")
    return batch


def current_application_for(account: Account, *, lock: bool = False) -> Application:
    """The applicant's application in the current batch, created as a draft on first read."""
    batch = _open_batch()
    query = select(Application).where(Application.account_id == account.id,
                                      Application.batch_id == batch.id)
    application = db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if application is not None:
        return application
    db.session.add(Application(account_id=account.id, batch_id=batch.id))
    try:
        db.session.commit()
    except IntegrityError:  # a parallel first read created it
        db.session.rollback()
    return db.session.execute(query.with_for_update() if lock else query).scalar_one()


def _editable(account: Account) -> Application:
    application = current_application_for(account, lock=True)
    if not application.editable:
        raise Conflict(f"申请已提交（{application.state.label}），不能修改；如需修改请先撤回")
    return application


def _context(application: Application, values: dict[str, Any]) -> SaveContext:
    return SaveContext(catalog=reference.catalog(), today=beijing(now()).date(),
                       profession_level1=values.get("profession_level1", application.profession_level1))


def _checked(section: str, values: dict[str, Any], application: Application) -> dict[str, str]:
    context = _context(application, values)
    problems = {f"{section}.{field}": message for field, value in values.items()
                if (message := field_error(field, value, context))}
    if section == "specialties":
        problems.update(_specialty_problems(values.get("primary", application.primary_specialties),
                                            values.get("alternate", application.alternate_specialties),
                                            application.batch_id))
    return problems


def _specialty_problems(primary, alternate, batch_id: int) -> dict[str, str]:
    found = check_specialties(reference.catalog(), primary or [], alternate or [],
                              closed=reference.closed_codes(batch_id), mode=CheckMode.DRAFT)
    return _as_fields(found)


def _as_fields(problems: list[Problem]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in problems:
        fields.setdefault(problem.field, problem.message)
    return fields


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        message = next(iter(problems.values())) if len(problems) == 1 else f"有{len(problems)}项填写有误，请检查"
        raise InvalidInput(message, problems)


def _apply(application: Application, section: str, values: dict[str, Any], account: Account) -> None:
    if ("unit_credit_code" in values and "unit_credit_code_confirmed" not in values
            and (values["unit_credit_code"] or "").strip().upper() != (application.unit_credit_code or "")):
        application.unit_credit_code_confirmed = False  # a confirmation is for one code only
    for field, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        if field == "id_number":
            _set_id_number(application, value, keep_birth_and_gender="birth" in values or "gender" in values)
        elif field in FILE_SLOTS:
            if value is not None:
                files.claim(value, account.id, FILE_SLOTS[field], field=f"{section}.{field}")
            setattr(application, field, value)
        elif field in ("primary", "alternate"):
            setattr(application, f"{field}_specialties", list(value or []))
        elif field == "unit_credit_code":
            application.unit_credit_code = value.upper() if value else None
        elif field == "unit_credit_code_confirmed":
            application.unit_credit_code_confirmed = bool(value)  # null: not confirmed
        else:
            setattr(application, field, value)


def _set_id_number(application: Application, number: str | None, *, keep_birth_and_gender: bool) -> None:
    """Store a new ID number; birth and gender follow it unless the same save sets them."""
    if number is None:
        application.id_number_encrypted = application.id_number_hash = application.id_number_last4 = None
        return
    number = number.upper()
    digest = id_number_hash(number)
    if digest == application.id_number_hash:
        return
    application.id_number_encrypted = encrypt_id_number(number)
    application.id_number_hash, application.id_number_last4 = digest, number[-4:]
    if not keep_birth_and_gender:
        application.birth, application.gender = derive(number)


def save_section(account: Account, section: str, values: dict[str, Any]) -> Application:
    """Save any part of one section of a draft; malformed values refuse the whole save."""
    application = _editable(account)
    _refuse(_checked(section, values, application))
    _apply(application, section, values, account)
    db.session.commit()
    return application


def _item_problems(prefix: str, values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if values.get("credit_code"):
        result = check_credit_code(values["credit_code"])
        if result.status is CreditCodeStatus.MALFORMED:
            problems[f"{prefix}.credit_code"] = result.message
    return problems


def _list_item(application: Application, model: type, item_id: int):
    items = application.certificates if model is Certificate else application.avoidance_units
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound("该条目不存在")


def _set_item(item, values: dict[str, Any], account: Account, prefix: str) -> None:
    for field, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        if field == "proof_file_id" and value is not None:
            files.claim(value, account.id, CERTIFICATE_PROOF_KINDS, field=f"{prefix}.proof_file_id")
        if field == "credit_code":
            value = value.upper() if value else None
            if value != item.credit_code and "credit_code_confirmed" not in values:
                item.credit_code_confirmed = False  # a confirmation is for one code only
        if field == "credit_code_confirmed":
            value = bool(value)  # null: not confirmed
        setattr(item, field, value)


def add_item(account: Account, model: type, values: dict[str, Any]) -> Application:
    """Add a certificate or an avoidance unit."""
    application = _editable(account)
    items = application.certificates if model is Certificate else application.avoidance_units
    prefix = f"{model.__tablename__}[{len(items)}]"
    if len(items) >= MAX_LIST_ITEMS:
        raise InvalidInput(f"最多添加{MAX_LIST_ITEMS}项", {prefix: f"最多添加{MAX_LIST_ITEMS}项"})
    _refuse(_item_problems(prefix, values))
    item = model()
    _set_item(item, values, account, prefix)
    items.append(item)
    db.session.commit()
    return application


def update_item(account: Account, model: type, item_id: int, values: dict[str, Any]) -> Application:
    application = _editable(account)
    item = _list_item(application, model, item_id)
    items = application.certificates if model is Certificate else application.avoidance_units
    prefix = f"{model.__tablename__}[{items.index(item)}]"
    _refuse(_item_problems(prefix, values))
    _set_item(item, values, account, prefix)
    db.session.commit()
    return application


def remove_item(account: Account, model: type, item_id: int) -> Application:
    application = _editable(account)
    item = _list_item(application, model, item_id)
    (application.certificates if model is Certificate else application.avoidance_units).remove(item)
    db.session.commit()
    return application


def attach_file_to_slot(application_id: int, account_id: int, slot: str, file_id: int) -> None:
    """Put an uploaded file into a slot (desktop upload): `education_proof`, `certificate:<id>`…

    The signed review sheet (`signed_review_sheet`) goes into a submitted application; every
    other slot belongs to the editable draft.
    """
    account = db.session.get(Account, account_id)
    application = db.session.get(Application, application_id, with_for_update=True)
    if account is None or application is None or application.account_id != account_id:
        raise NotFound("申请不存在")
    if slot == SIGNED_SHEET_SLOT:
        if application.state is not ApplicationState.info_submitted:
            raise Conflict("只有在“资料提交审核”阶段才能上传签字盖章的审查表")
        files.claim(file_id, account_id, (FileKind.signed_review_sheet,), field="signed_sheet_file_id")
        application.signed_sheet_file_id = file_id
    elif not application.editable:
        raise Conflict(f"申请已提交（{application.state.label}），不能修改；如需修改请先撤回")
    elif slot.startswith("certificate:") and slot.split(":", 1)[1].isdigit():
        certificate = _list_item(application, Certificate, int(slot.split(":", 1)[1]))
        _set_item(certificate, {"proof_file_id": file_id}, account, "certificates")
    elif (column := file_slot_for(slot)) is not None:
        files.claim(file_id, account_id, FILE_SLOTS[column], field=column)
        setattr(application, column, file_id)
    else:
        raise InvalidInput.field("slot", "上传位置不正确")
    db.session.commit()


def earlier_approved(account: Account, application: Application) -> Application | None:
    return db.session.execute(
        select(Application).where(Application.account_id == account.id,
                                  Application.id != application.id,
                                  Application.state.in_(APPROVED_STATES))
        .order_by(Application.submitted_at.desc()).limit(1)).scalar_one_or_none()


def prefill_renewal(account: Account) -> Application:
    """Renewal (续聘): copy the earlier approved application into this draft."""
    application = _editable(account)
    earlier = earlier_approved(account, application)
    if earlier is None:
        raise NotFound("没有可续聘的已通过申请")
    for field in RENEWAL_COPIED_FIELDS:
        setattr(application, field, getattr(earlier, field))
    application.primary_specialties = list(earlier.primary_specialties)
    application.alternate_specialties = list(earlier.alternate_specialties)
    application.certificates = [Certificate(name=c.name, registration_number=c.registration_number,
                                            proof_file_id=c.proof_file_id) for c in earlier.certificates]
    application.avoidance_units = [
        AvoidanceUnit(name=u.name, credit_code=u.credit_code, description=u.description,
                      credit_code_confirmed=u.credit_code_confirmed) for u in earlier.avoidance_units]
    application.kind = "renewal"
    db.session.commit()
    return application


def problems_of(application: Application, account: Account) -> list[Problem]:
    batch = db.session.get(Batch, application.batch_id)
    rules = EligibilityRules(min_years_of_practice=batch.min_practice_years,
                             allowed_title_levels=tuple(batch.allowed_title_levels),
                             max_age=batch.max_age)
    return application_problems(form_data(application, account.phone), rules=rules,
                                registration_deadline=batch.registration_closes_at,
                                catalog=reference.catalog(), closed=reference.closed_codes(batch.id))


def specialty_check(account: Account, primary: list[str], alternate: list[str]) -> list[Problem]:
    """The picker asks before each pick: the draft-mode rules of the current batch."""
    application = current_application_for(account)
    return check_specialties(reference.catalog(), primary, alternate,
                             closed=reference.closed_codes(application.batch_id), mode=CheckMode.DRAFT)


def submit(account: Account) -> Application:
    """draft → info_submitted: complete, in time, one per ID number per batch; freezes a snapshot."""
    application = _editable(account)
    batch = db.session.get(Batch, application.batch_id)
    moment = now()
    if moment >= batch.registration_closes_at:
        raise Conflict("报名已截止，不能再提交")
    if moment < batch.registration_opens_at:
        raise Conflict("报名尚未开始")
    problems = problems_of(application, account)
    if problems:
        fields = _as_fields(problems)
        raise Incomplete(f"还有{len(fields)}项需要完善", fields)
    sequence = 1 + len(db.session.execute(select(ApplicationSnapshot.id).where(
        ApplicationSnapshot.application_id == application.id)).all())
    application.submitted_id_hash = application.id_number_hash
    application.submitted_at = moment
    workflow.move(application, ApplicationState.info_submitted, Actor.applicant(account.id))
    db.session.add(ApplicationSnapshot(application_id=application.id, sequence=sequence,
                                       data=frozen_copy(application, account.phone)))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("该身份证号码已在本批次提交过申请",
                       {"basic.id_number": "该身份证号码已在本批次提交过申请"}) from None
    return application
