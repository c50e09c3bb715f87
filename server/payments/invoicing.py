"""Tax invoices (发票), issued by finance on the national platform and brought back here.

The console exports the invoice requests of a period; finance issues the invoices and uploads
the files (PDF or OFD, one by one or in a zip). `upload_invoices` reads each file, keeps it (a
snapshot: the file is never changed), and matches every invoice not yet assigned against the
requests still waiting (`server.payments.invoices.matching.match`): each match is assigned and
emailed to its applicant; the rest stay listed with the reason, for a person to assign by hand.
A wrong invoice is voided by its red-letter invoice (红冲) and a new one issued: all are kept and
shown. The request behind a voided invoice is open again (the applicant may correct the title).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import PurePosixPath

from sqlalchemy import select

from server.accounts.actors import Actor, Scope
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.applications.models import Application
from server.audit.services import record
from server.clock import beijing_day_start, format_beijing, now
from server.documents.workbooks import workbook
from server.errors import Conflict, Forbidden, InvalidInput, NotFound
from server.extensions import db
from server.mail.message import is_mail_address
from server.money import format_yuan
from server.payments import documents, messages
from server.payments.invoices.archive import ArchiveRefused, read_archive
from server.payments.invoices.issued import InvoiceReadError, read_invoice
from server.payments.invoices.issued import IssuedInvoice as ReadInvoice
from server.payments.invoices.matching import InvoiceRequest as MatchRequest
from server.payments.invoices.matching import match
from server.payments.models import InvoiceRequest, InvoiceState, IssuedInvoice, Payment, PaymentOrder, PaymentState
from server.payments.rows import locked
from server.transactions import atomic

ITEM = "评标专家培训费"
STAFF_ROLES = lifecycle.ACTIONS["refund"].roles  # the association's finance work


def _require_staff(staff: StaffMember) -> Actor:
    actor = Actor.staff(staff)
    if actor.role not in STAFF_ROLES:
        raise Forbidden("只有协会工作人员可以处理发票")
    return actor


# -- the requests -------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestRow:
    request: InvoiceRequest
    application: Application
    payment: Payment
    order: PaymentOrder
    invoice_number: str  # the standing invoice's, "" when none

    @property
    def request_id(self) -> str:
        """What finance writes in the invoice's 备注 and matching reads back: the order number."""
        return self.order.out_trade_no

    @property
    def amount_fen(self) -> int:
        return self.payment.amount_fen - self.payment.refunded_fen


def _rows(query) -> list[RequestRow]:
    found = db.session.execute(query).all()
    issued = dict(db.session.execute(select(IssuedInvoice.invoice_request_id, IssuedInvoice.number).where(
        IssuedInvoice.state == InvoiceState.issued,
        IssuedInvoice.invoice_request_id.in_([request.id for request, *_ in found]))).all()) if found else {}
    return [RequestRow(request, application, payment, order, issued.get(request.id, ""))
            for request, application, payment, order in found]


def _requests_query(scope: Scope):
    return (select(InvoiceRequest, Application, Payment, PaymentOrder)
            .join(Application, Application.id == InvoiceRequest.application_id)
            .join(Payment, (Payment.application_id == Application.id) & Payment.duplicate.is_(False))
            .join(PaymentOrder, PaymentOrder.id == Payment.order_id)
            .where(scope.where(Application.review_prefecture_code))
            .order_by(Payment.paid_at, Payment.id))


def requests_of_period(date_from: date | None, date_to: date | None, scope: Scope) -> list[RequestRow]:
    """The requests whose payment was made in the period (Beijing dates, both ends included)."""
    query = _requests_query(scope)
    if date_from:
        query = query.where(Payment.paid_at >= beijing_day_start(date_from))
    if date_to:
        query = query.where(Payment.paid_at < beijing_day_start(date_to + timedelta(days=1)))
    return _rows(query)


def waiting_requests() -> list[RequestRow]:
    """Requests whose invoice is still to come: paid, not wholly refunded, no standing invoice."""
    query = _requests_query(Scope(None)).where(Payment.state != PaymentState.refunded)
    return [row for row in _rows(query) if not row.invoice_number]


EXPORT_HEADERS = ("申请号（请填入发票备注）", "发票抬头", "抬头类型", "单位类型", "纳税人识别号", "项目",
                  "金额（元）", "电子邮箱", "缴费人", "专家编号", "支付时间", "发票号码")
EXPORT_WIDTHS = (30, 36, 8, 10, 22, 16, 10, 28, 10, 18, 18, 22)


def export_rows(rows: list[RequestRow]) -> list[tuple]:
    return [(row.request_id, row.request.title, row.request.title_kind.label,
             row.request.unit_kind.label if row.request.unit_kind else "", row.request.taxpayer_number or "",
             ITEM, format_yuan(row.amount_fen), row.request.email, row.application.name or "",
             row.application.expert_number or "", format_beijing(row.payment.paid_at), row.invoice_number)
            for row in rows]


@atomic
def export_requests(date_from: date | None, date_to: date | None, staff: StaffMember) -> tuple[list[RequestRow], bytes]:
    actor = _require_staff(staff)
    rows = requests_of_period(date_from, date_to, actor.scope)
    data = workbook("开票申请", EXPORT_HEADERS, EXPORT_WIDTHS, export_rows(rows),
                    note="开票时请在备注中填写申请号，上传后可自动匹配。")
    record(actor, "invoice_request.exported", "invoice_request", "*", count=len(rows),
           date_from=date_from.isoformat() if date_from else None,
           date_to=date_to.isoformat() if date_to else None)
    return rows, data


# -- uploads ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileProblem:
    name: str
    reason: str


@dataclass
class UploadReport:
    stored: list[IssuedInvoice] = field(default_factory=list)
    matched: list[IssuedInvoice] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)  # not read, or uploaded before

    @property
    def unmatched(self) -> list[IssuedInvoice]:
        return [invoice for invoice in self.stored if invoice.state is InvoiceState.unassigned]


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[list[ReadInvoice], list[FileProblem]]:
    """Every invoice in the uploaded files (zips opened), and the files that could not be read."""
    invoices, problems = [], []
    for name, data in files:
        if PurePosixPath(name.replace("\\", "/")).suffix.lower() == ".zip":
            try:
                members = read_archive(data)
            except ArchiveRefused as refused:
                problems.append(FileProblem(name, refused.message))
                continue
            for member, result in members:
                if isinstance(result, InvoiceReadError):
                    problems.append(FileProblem(f"{name} / {member}", result.message))
                else:
                    invoices.append(result)
            continue
        try:
            invoices.append(read_invoice(name, data))
        except InvoiceReadError as error:
            problems.append(FileProblem(name, error.message))
    return invoices, problems


def upload_invoices(files: list[tuple[str, bytes]], staff: StaffMember) -> UploadReport:
    """Read the files (outside any transaction), then keep and match them in one."""
    _require_staff(staff)
    if not files:
        raise InvalidInput.field("files", "请选择要上传的发票文件（PDF、OFD 或 ZIP）")
    invoices, problems = read_uploads(files)
    return _keep_and_match(invoices, problems, staff)


@atomic
def _keep_and_match(invoices: list[ReadInvoice], problems: list[FileProblem], staff: StaffMember) -> UploadReport:
    actor = _require_staff(staff)
    report = UploadReport(problems=list(problems))
    for invoice in invoices:
        known = db.session.execute(select(IssuedInvoice).where(IssuedInvoice.number == invoice.number)).scalar_one_or_none()
        if known is not None or any(row.number == invoice.number for row in report.stored):
            report.problems.append(FileProblem(invoice.filename, f"发票 {invoice.number} 已上传过，未重复保存"))
            continue
        row = IssuedInvoice(
            number=invoice.number, kind=invoice.kind, filename=invoice.filename[:255],
            sha256=documents.keep(invoice.data), issued_on=invoice.issued_on,
            buyer_name=invoice.buyer_name[:100], buyer_taxpayer_number=invoice.buyer_taxpayer_number[:20],
            total_fen=invoice.total_fen, uploaded_by_staff_id=staff.id, uploaded_at=now(),
            state=InvoiceState.red_letter if invoice.total_fen < 0 else InvoiceState.unassigned)
        db.session.add(row)
        db.session.flush()
        record(actor, "invoice.uploaded", "issued_invoice", row.id, number=row.number, total_fen=row.total_fen)
        report.stored.append(row)
    report.matched = _match_unassigned(actor)
    return report


def _unassigned_read() -> list[tuple[IssuedInvoice, ReadInvoice]]:
    rows = db.session.scalars(select(IssuedInvoice).where(
        IssuedInvoice.state == InvoiceState.unassigned).order_by(IssuedInvoice.id))
    return [(row, read_invoice(row.filename, documents.read(row.sha256))) for row in rows]


def _match_unassigned(actor: Actor) -> list[IssuedInvoice]:
    """Match every unassigned invoice against the waiting requests; assign (and email) the
    matches; note why the others are not matched."""
    pairs = _unassigned_read()
    by_number = {read.number: row for row, read in pairs}
    waiting = {row.request_id: row for row in waiting_requests()}
    result = match([read for _row, read in pairs], [
        MatchRequest(request_id=row.request_id, title=row.request.title, taxpayer_number=row.request.taxpayer_number or "",
                     amount_fen=row.amount_fen, email=row.request.email) for row in waiting.values()])
    assigned = []
    for found in result.matched:
        row = by_number[found.invoice.number]
        _assign(row, waiting[found.request.request_id], found.by, actor)
        assigned.append(row)
    for left in (*result.unmatched, *result.ambiguous):
        by_number[left.invoice.number].note = left.reason[:300]
    return assigned


def _assign(invoice: IssuedInvoice, row: RequestRow, by: str, actor: Actor) -> None:
    invoice.state = InvoiceState.issued
    invoice.invoice_request_id = row.request.id
    invoice.matched_by = by
    invoice.note = None
    invoice.assigned_at = now()
    record(actor, "invoice.issued", "issued_invoice", invoice.id, number=invoice.number,
           invoice_request_id=row.request.id, application_id=row.application.id, matched_by=by)
    _send_invoice(invoice, row.application, row.request.email, f"invoice:{invoice.id}")


def _send_invoice(invoice: IssuedInvoice, application: Application, email: str, subject: str) -> None:
    messages.send(application.account_id, messages.INVOICE_ISSUED, subject, {
        "email": email, "name": application.name or "", "invoice_id": invoice.id,
        "invoice_number": invoice.number, "title": invoice.buyer_name, "amount": format_yuan(invoice.total_fen),
        "issued_on": invoice.issued_on.isoformat(), "expert_number": application.expert_number or ""})


@atomic
def assign_invoice(invoice_id: int, request_id: str, staff: StaffMember) -> IssuedInvoice:
    """By hand: the invoice belongs to the request (order number) finance names."""
    actor = _require_staff(staff)
    invoice = locked(IssuedInvoice, invoice_id)
    if invoice is None:
        raise NotFound("发票不存在")
    if invoice.state is not InvoiceState.unassigned:
        raise Conflict(f"发票 {invoice.number} 当前为“{invoice.state.label}”，不能再指定")
    row = next((row for row in waiting_requests() if row.request_id == request_id.strip()), None)
    if row is None:
        raise InvalidInput.field("request_id", "没有该申请号的待开票申请（可能已开票或已全额退费）")
    _assign(invoice, row, "manual", actor)
    return invoice


@atomic
def void_invoice(invoice_id: int, staff: StaffMember, reason: str, red_letter_id: int | None = None) -> IssuedInvoice:
    """红冲: the invoice is voided (kept, shown as voided); its request waits for a new invoice."""
    actor = _require_staff(staff)
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 200:
        raise InvalidInput.field("reason", "请填写作废原因（不超过200个字符）")
    invoice = locked(IssuedInvoice, invoice_id)
    if invoice is None or invoice.state is not InvoiceState.issued:
        raise Conflict("只有已开具的发票可以红冲作废")
    red = None
    if red_letter_id is not None:
        red = locked(IssuedInvoice, red_letter_id)
        if red is None or red.state is not InvoiceState.red_letter or red.invoice_request_id is not None \
                or red.total_fen != -invoice.total_fen:
            raise InvalidInput.field("red_letter_id", "所选红字发票不存在、已使用，或金额与原发票不对应")
        red.invoice_request_id = invoice.invoice_request_id
        red.assigned_at = now()
    invoice.state = InvoiceState.voided
    invoice.voided_at = now()
    invoice.void_reason = reason
    invoice.voided_by_invoice_id = red.id if red else None
    record(actor, "invoice.voided", "issued_invoice", invoice.id, number=invoice.number, reason=reason,
           red_letter_number=red.number if red else None)
    return invoice


@atomic
def resend_invoice(invoice_id: int, staff: StaffMember, email: str | None = None) -> IssuedInvoice:
    """The same file again, to the request's address or to a corrected one."""
    actor = _require_staff(staff)
    invoice = db.session.get(IssuedInvoice, invoice_id)
    if invoice is None or invoice.state is not InvoiceState.issued:
        raise Conflict("只有已开具的发票可以重新发送")
    request = db.session.get(InvoiceRequest, invoice.invoice_request_id)
    address = (email or "").strip() or request.email
    if not is_mail_address(address):
        raise InvalidInput.field("email", "电子邮箱格式不正确")
    entry = record(actor, "invoice.resent", "issued_invoice", invoice.id, number=invoice.number, email=address)
    db.session.flush()
    _send_invoice(invoice, db.session.get(Application, request.application_id), address,
                  f"invoice:{invoice.id}:resend:{entry.id}")
    return invoice


def invoices_of_request(request_id: int) -> list[IssuedInvoice]:
    """Every invoice of a request, voided and red-letter ones too, oldest first."""
    return list(db.session.scalars(select(IssuedInvoice).where(
        IssuedInvoice.invoice_request_id == request_id).order_by(IssuedInvoice.id)))


def unassigned_invoices() -> list[IssuedInvoice]:
    return list(db.session.scalars(select(IssuedInvoice).where(
        IssuedInvoice.state.in_((InvoiceState.unassigned, InvoiceState.red_letter)),
        IssuedInvoice.invoice_request_id.is_(None)).order_by(IssuedInvoice.uploaded_at.desc(), IssuedInvoice.id)))


def recent_invoices(limit: int = 100) -> list[IssuedInvoice]:
    """The latest invoices assigned to a request (issued, voided, red-letter), newest first."""
    return list(db.session.scalars(select(IssuedInvoice).where(IssuedInvoice.invoice_request_id.is_not(None))
                                   .order_by(IssuedInvoice.uploaded_at.desc(), IssuedInvoice.id.desc()).limit(limit)))
