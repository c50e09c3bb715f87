"""The invoice request (开票申请): the title (发票抬头) the invoice will name, and the email it goes to.

Before paying, the applicant chooses the title: themselves, or their work unit (prefilled from
the form; units reimburse this fee) with its unified social credit code as the taxpayer number —
required for an enterprise, optional for a public institution or a government body — and
confirms the email address (the seed: the invoice is sent there). The request stays editable
until its invoice is issued; after that a wrong title is corrected by the association (红冲 and a
new invoice), not here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.drafts import locked_application
from server.applications.models import Application
from server.applications.rules.credit_code import MSG_CHECKSUM, CreditCodeStatus, check_credit_code
from server.audit.services import record
from server.clock import now
from server.errors import Conflict, InvalidInput
from server.extensions import db
from server.mail.message import is_mail_address
from server.payments.models import InvoiceRequest, InvoiceState, IssuedInvoice, TitleKind, UnitKind
from server.transactions import atomic

MAX_TITLE = 100
NOT_YET = "审核通过后才能填写发票信息"
ISSUED = "发票已开具，发票信息不能再修改；如抬头有误，请联系协会作废（红冲）后重新开具"
EMAIL_UNCONFIRMED = "请核对并确认电子邮箱（发票将发送到此邮箱）"


@dataclass(frozen=True)
class Prefill:
    """What the form offers before the applicant has chosen: from their application."""

    personal_title: str
    unit_title: str
    unit_taxpayer_number: str
    email: str


def prefill(application: Application) -> Prefill:
    unit = application.work_unit if application.work_unit and application.work_unit != "无" else ""
    return Prefill(personal_title=application.name or "", unit_title=unit,
                   unit_taxpayer_number=(application.unit_credit_code or "") if unit else "",
                   email=application.email or "")


def request_of(application_id: int) -> InvoiceRequest | None:
    return db.session.execute(select(InvoiceRequest).where(
        InvoiceRequest.application_id == application_id)).scalar_one_or_none()


def is_issued(request_id: int) -> bool:
    """Whether an invoice stands for the request (issued and not voided)."""
    return bool(db.session.scalar(select(exists().where(
        IssuedInvoice.invoice_request_id == request_id, IssuedInvoice.state == InvoiceState.issued))))


def _choice(value: Any, kind: type, field: str, label: str, problems: dict[str, str]) -> Any:
    try:
        return kind(value)
    except ValueError:
        choices = "、".join(f"{member.value}（{member.label}）" for member in kind)
        problems[field] = f"{label}须为以下之一：{choices}"
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _taxpayer_number(values: dict[str, Any], unit_kind: UnitKind | None, problems: dict[str, str]) -> str | None:
    check = check_credit_code(_text(values.get("taxpayer_number")))
    if check.status is CreditCodeStatus.EMPTY:
        if unit_kind is UnitKind.enterprise:
            problems["taxpayer_number"] = "企业抬头须填写纳税人识别号（统一社会信用代码）"
        return None
    if check.is_error:
        problems["taxpayer_number"] = f"纳税人识别号：{check.message}"
    elif check.is_warning and not values.get("taxpayer_number_confirmed"):
        problems["taxpayer_number"] = MSG_CHECKSUM
    return check.code


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """The request's columns from the input, or InvalidInput naming every wrong field at once."""
    problems: dict[str, str] = {}
    title_kind = _choice(values.get("title_kind"), TitleKind, "title_kind", "发票抬头类型", problems)
    title = _text(values.get("title"))
    if not title:
        problems["title"] = "请填写发票抬头"
    elif len(title) > MAX_TITLE or "\x00" in title:
        problems["title"] = f"发票抬头不能超过{MAX_TITLE}个字符"
    unit_kind, number = None, None
    if title_kind is TitleKind.unit:
        unit_kind = _choice(values.get("unit_kind"), UnitKind, "unit_kind", "单位类型", problems)
        number = _taxpayer_number(values, unit_kind, problems)
    email = _text(values.get("email"))
    if not is_mail_address(email):
        problems["email"] = "电子邮箱格式不正确，如 name@example.com"
    elif values.get("email_confirmed") is not True:
        problems["email_confirmed"] = EMAIL_UNCONFIRMED
    if problems:
        message = next(iter(problems.values())) if len(problems) == 1 else f"发票信息有{len(problems)}处需要修改"
        raise InvalidInput(message, problems)
    return {"title_kind": title_kind, "unit_kind": unit_kind, "title": title,
            "taxpayer_number": number, "email": email}


@atomic
def save_invoice_request(account: Account, values: dict[str, Any]) -> InvoiceRequest:
    """Create or change the applicant's request (title, taxpayer number, confirmed email)."""
    application, _batch = locked_application(account)
    if application.state not in lifecycle.APPROVED_OR_LATER:
        raise Conflict(NOT_YET)
    columns = _checked(values)
    request = request_of(application.id)
    if request is not None and is_issued(request.id):
        raise Conflict(ISSUED)
    if request is None:
        request = InvoiceRequest(application_id=application.id, email_confirmed_at=now(), **columns)
        db.session.add(request)
    else:
        for name, value in columns.items():
            setattr(request, name, value)
        request.email_confirmed_at = now()
    db.session.flush()
    record(Actor.applicant(account.id), "invoice_request.saved", "invoice_request", request.id,
           application_id=application.id, title_kind=request.title_kind.value,
           unit_kind=request.unit_kind.value if request.unit_kind else None)
    return request
