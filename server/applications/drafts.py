"""The applicant's draft: found or created, saved section by section, its lists, renewal prefill.

A section save stores every valid field and answers the others as field problems, so nothing the
applicant typed correctly is lost because of one wrong value. Checks run before the write
transaction begins; the write re-checks that the application may still be edited, changes it and
commits only if its row is still the version checked (else it is done again on the row locked) —
or changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import bindparam, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.choices import is_coded
from server.applications.form import MAX_LIST_ITEMS, SECTION_FIELDS
from server.applications.models import Application, AvoidanceUnit, Certificate
from server.applications.personal_data import encrypt_id_number, id_number_hash
from server.applications.rules.credit_code import CreditCodeStatus, check_credit_code
from server.applications.rules.id_number import derive
from server.applications.rules.problems import Problem
from server.applications.rules.specialties import CheckMode, check_specialties
from server.applications.slots import CERTIFICATE_PROOF_KINDS, FILE_SLOTS
from server.applications.validation import SaveContext, field_error
from server.batches.models import Batch
from server.batches.services import current_batch
from server.clock import beijing, now
from server.errors import InvalidInput, NotFound
from server.extensions import db
from server.files import services as files
from server.reference import services as reference
from server.transactions import atomic

RENEWAL_COPIED_FIELDS = tuple(f for section in ("basic", "qualification", "evaluation", "experience")
                              for f in SECTION_FIELDS[section] if f != "id_number") + (
    "id_number_encrypted", "id_number_hash", "id_number_last4", "unit_credit_code_confirmed")

R = TypeVar("R")


@dataclass(frozen=True)
class Saved:
    """A save's result: the application, and the fields it did not store with why (in Chinese)."""

    application: Application
    field_problems: dict[str, str]


def open_batch() -> Batch:
    batch = current_batch()
    if batch is None:
        raise NotFound("当前没有开放的选聘批次")
    return batch


# The statements every applicant's request runs, built once (building one costs about as much as
# running it): the application of an account in a batch, and the same locked and read afresh. The
# application comes with both its lists joined, in one statement: each statement of its own costs
# more of SQLAlchemy's work than the rows. The join returns
# certificates × units rows — a few of each in practice; at the form's limits (30 × 30) such a load
# takes about four times the three statements it replaces.
_OF_ACCOUNT = (select(Application).where(Application.account_id == bindparam("account_id"),
                                         Application.batch_id == bindparam("batch_id"))
               .options(joinedload(Application.certificates), joinedload(Application.avoidance_units)))
_OF_ACCOUNT_LOCKED = _OF_ACCOUNT.with_for_update(of=Application).execution_options(populate_existing=True)


def _application_of(account: Account, batch: Batch, query=_OF_ACCOUNT) -> Application:
    """The account's application in the batch, created as a draft if it has none."""
    keys = {"account_id": account.id, "batch_id": batch.id}
    application = db.session.execute(query, keys).unique().scalar_one_or_none()
    if application is None:
        _create_draft(account.id, batch.id)
        application = db.session.execute(query, keys).unique().scalar_one()
    return application


def current_application(account: Account) -> Application:
    """The applicant's application in the current batch, created as a draft on first read."""
    return _application_of(account, open_batch())


@atomic
def _create_draft(account_id: int, batch_id: int) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(Application(account_id=account_id, batch_id=batch_id))
    except IntegrityError:  # a parallel first read created it
        pass


def locked_application(account: Account) -> tuple[Application, Batch]:
    """Inside a write: the applicant's application row, locked, with its batch."""
    batch = open_batch()
    return _application_of(account, batch, _OF_ACCOUNT_LOCKED), batch


def _editable(account: Account, checked: Application | None = None) -> Application:
    """Inside a write: the application the applicant may still edit. `checked`, the one a check
    before the write loaded, is used as it is: its write's UPDATE names the version it was loaded
    at, and finding the row changed since fails the write with `StaleDataError` (`unless_changed`).
    Without it, the row is read afresh and locked."""
    if checked is None:
        application, batch = locked_application(account)
    else:
        application, batch = checked, db.session.get(Batch, checked.batch_id)
    lifecycle.require(application, "edit", Actor.applicant(account.id), batch)
    return application


def unless_changed(write: Callable[[Application | None], R], checked: Application) -> R:
    """Write with the application as checked before the write began, trusting it unchanged — one
    round trip fewer than locking it to compare versions. Changed since (the write's UPDATE found
    another version), the write is rolled back and done again on the row read afresh and locked."""
    try:
        return write(checked)
    except StaleDataError:
        return write(None)


def _section_problems(section: str, values: dict[str, Any], application: Application) -> dict[str, str]:
    batch = db.session.get(Batch, application.batch_id)
    context = SaveContext(catalog=reference.catalog(batch=batch), today=beijing(now()).date(),
                          profession_level1=values.get("profession_level1", application.profession_level1))
    problems = {f"{section}.{field}": message for field, value in values.items()
                if (message := field_error(field, value, context))}
    if section == "specialties":
        found = check_specialties(context.catalog, values.get("primary", application.primary_specialties) or [],
                                  values.get("alternate", application.alternate_specialties) or [],
                                  closed=reference.closed_codes_of(batch),
                                  mode=CheckMode.DRAFT)
        problems.update(as_fields(found))
    return problems


def as_fields(problems: list[Problem]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in problems:
        fields.setdefault(problem.field, problem.message)
    return fields


def _refused_fields(section: str, problems: dict[str, str]) -> set[str]:
    """The input fields a problem path refers to: `specialties.primary.level3` → primary."""
    return {path[len(section) + 1:].split(".", 1)[0].split("[", 1)[0] for path in problems
            if path.startswith(f"{section}.")}


def refuse(problems: dict[str, str]) -> None:
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


def save_section(account: Account, section: str, values: dict[str, Any],
                 refused: dict[str, str] | None = None) -> Saved:
    """Save any part of one section of a draft: every valid field is stored, the rest answered.

    `refused` carries fields the request's schema already refused (wrong type, too long).
    A value that is not one of a coded field's codes refuses the whole save (422): a picker sends
    codes only, so such a value comes from a wrong client, which must not be told it saved."""
    problems = dict(refused or {})
    checked = current_application(account)
    problems.update(_section_problems(section, values, checked))
    dropped = _refused_fields(section, problems)
    if any(is_coded(field) for field in dropped):
        refuse(problems)
    stored = {k: v for k, v in values.items() if k not in dropped}
    application = unless_changed(lambda current: _store_section(account, current, section, stored), checked)
    return Saved(application, problems)


@atomic(keep_loaded=True)
def _store_section(account: Account, checked: Application | None, section: str,
                   values: dict[str, Any]) -> Application:
    application = _editable(account, checked)
    _apply(application, section, values, account)
    return application


def _item_problems(prefix: str, values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if values.get("credit_code"):
        result = check_credit_code(values["credit_code"])
        if result.status is CreditCodeStatus.MALFORMED:
            problems[f"{prefix}.credit_code"] = result.message
    return problems


def items_of(application: Application, model: type) -> list:
    return application.certificates if model is Certificate else application.avoidance_units


def _list_item(application: Application, model: type, item_id: int):
    for item in items_of(application, model):
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


@atomic(keep_loaded=True)
def add_item(account: Account, model: type, values: dict[str, Any]) -> Application:
    """Add a certificate or an avoidance unit."""
    application = _editable(account)
    items = items_of(application, model)
    prefix = f"{model.__tablename__}[{len(items)}]"
    if len(items) >= MAX_LIST_ITEMS:
        raise InvalidInput(f"最多添加{MAX_LIST_ITEMS}项", {prefix: f"最多添加{MAX_LIST_ITEMS}项"})
    refuse(_item_problems(prefix, values))
    item = model()
    _set_item(item, values, account, prefix)
    items.append(item)
    return _touched(application)


@atomic(keep_loaded=True)
def update_item(account: Account, model: type, item_id: int, values: dict[str, Any]) -> Application:
    application = _editable(account)
    item = _list_item(application, model, item_id)
    prefix = f"{model.__tablename__}[{items_of(application, model).index(item)}]"
    refuse(_item_problems(prefix, values))
    _set_item(item, values, account, prefix)
    return _touched(application)


@atomic(keep_loaded=True)
def remove_item(account: Account, model: type, item_id: int) -> Application:
    application = _editable(account)
    items_of(application, model).remove(_list_item(application, model, item_id))
    return _touched(application)


def _touched(application: Application) -> Application:
    """A list item changed: the application row is written too, so its version counts the change."""
    flag_modified(application, "updated_at")
    return application


def _earlier_approved_query(account_id: int, application_id: int):
    return (select(Application).where(Application.account_id == account_id, Application.id != application_id,
                                      Application.state.in_(lifecycle.APPROVED_OR_LATER))
            .order_by(Application.submitted_at.desc()).limit(1))


@dataclass(frozen=True)
class DraftFacts:
    """What a draft's view tells beyond its own row, asked in one statement."""

    submitted_elsewhere: bool  # another account submitted its ID number in this batch
    renewal_available: bool  # an earlier approved application can prefill it


def _fact_columns() -> tuple:
    others = Application.__table__.alias("others").c
    account_id = bindparam("account_id")
    elsewhere = exists().where(others.batch_id == bindparam("batch_id"), others.account_id != account_id,
                               others.submitted_id_hash == bindparam("id_number_hash"))
    renewal = exists().where(others.account_id == account_id, others.id != bindparam("application_id"),
                             others.state.in_(lifecycle.APPROVED_OR_LATER))
    return elsewhere.label("submitted_elsewhere"), renewal.label("renewal_available")


# The facts as columns (a statement asking more can select them too; bound by `facts_parameters`).
FACT_COLUMNS = _fact_columns()
_FACTS = select(*FACT_COLUMNS)


def facts_parameters(application: Application) -> dict[str, Any]:
    return {"account_id": application.account_id, "batch_id": application.batch_id,
            "id_number_hash": application.id_number_hash, "application_id": application.id}


def facts_of(row: Any) -> DraftFacts:
    """The facts in a row selecting FACT_COLUMNS."""
    return DraftFacts(bool(row.submitted_elsewhere), bool(row.renewal_available))


def draft_facts(application: Application) -> DraftFacts:
    return facts_of(db.session.execute(_FACTS, facts_parameters(application)).one())


@atomic(keep_loaded=True)
def prefill_renewal(account: Account) -> Application:
    """Renewal (续聘): copy the earlier approved application into this draft."""
    application = _editable(account)
    earlier = db.session.execute(_earlier_approved_query(account.id, application.id)).scalar_one_or_none()
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
    return application


def specialty_check(account: Account, primary: list[str], alternate: list[str]) -> list[Problem]:
    """The picker asks before each pick: the draft-mode rules of the current batch."""
    application = current_application(account)
    batch = db.session.get(Batch, application.batch_id)
    return check_specialties(reference.catalog(batch=batch), primary, alternate, closed=reference.closed_codes_of(batch),
                             mode=CheckMode.DRAFT)
