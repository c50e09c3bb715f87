"""The fee's records: orders (one per attempt), payments (money received), refunds, invoice
requests (发票抬头), receipts (缴费凭证) and issued tax invoices (发票), and reconciliation runs.

Orders, payments and refunds each have their own state set, apart from the application's; each
set changes in one place (`server.payments.states`). Amounts are integer fen. Receipts and issued
invoices are snapshots: their data and files never change once written; a correction is a new row.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.files.blobs import keeps_blobs
from server.models_base import Base

OFFLINE = "offline"  # the provider name of payments staff record by hand


def _enum(kind: type[enum.Enum], length: int = 20):
    return Enum(kind, native_enum=False, length=length)


class OrderState(str, enum.Enum):
    created = "created"  # written; the provider has not (knowingly) opened it yet
    pending = "pending"  # open at the provider, waiting for the payer
    paid = "paid"
    closed = "closed"    # closed unpaid: replaced by a new order, expired, or the window ended
    failed = "failed"    # the provider refused to open it

    @property
    def label(self) -> str:
        return {"created": "创建中", "pending": "待支付", "paid": "已支付", "closed": "已关闭",
                "failed": "创建失败"}[self.value]


class Channel(str, enum.Enum):
    jsapi = "jsapi"      # wx.requestPayment in the mini-program
    native = "native"    # a QR code paid from another phone
    offline = "offline"  # bank transfer or cash, recorded by association staff

    @property
    def label(self) -> str:
        return {"jsapi": "小程序支付", "native": "扫码支付", "offline": "线下缴费"}[self.value]


class PaymentOrder(Base):
    """One attempt to pay, under an unguessable `out_trade_no`. `open_application_id` is the
    application's id while the order is open and NULL otherwise: its unique constraint is what
    keeps at most one open order per application, on both databases."""

    __tablename__ = "payment_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    out_trade_no: Mapped[str] = mapped_column(String(32), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    open_application_id: Mapped[int | None] = mapped_column(unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    expert_number: Mapped[str] = mapped_column(String(24))
    provider: Mapped[str] = mapped_column(String(20))  # wechat_v3 | wechat_v2 | offline
    mch_id: Mapped[str | None] = mapped_column(String(32))
    app_id: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, 10))
    amount_fen: Mapped[int]
    description: Mapped[str] = mapped_column(String(127))
    payer_openid: Mapped[str | None] = mapped_column(String(64))
    code_url: Mapped[str | None] = mapped_column(String(255))
    state: Mapped[OrderState] = mapped_column(_enum(OrderState), default=OrderState.created, index=True)
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(40))


class PaymentState(str, enum.Enum):
    received = "received"
    partially_refunded = "partially_refunded"
    refunded = "refunded"

    @property
    def label(self) -> str:
        return {"received": "已到账", "partially_refunded": "部分退款", "refunded": "已退款"}[self.value]


class PaymentMethod(str, enum.Enum):
    wechat = "wechat"
    bank_transfer = "bank_transfer"
    cash = "cash"

    @property
    def label(self) -> str:
        return {"wechat": "微信支付", "bank_transfer": "银行转账", "cash": "现金"}[self.value]


class Payment(Base):
    """Money received for one order. The first for an application pays it (moves it to `paid`);
    any later one is a `duplicate`, shown to the association to refund."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("provider", "transaction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("payment_orders.id"), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20), index=True)
    method: Mapped[PaymentMethod] = mapped_column(_enum(PaymentMethod))
    transaction_id: Mapped[str] = mapped_column(String(64))  # WeChat's, or the offline reference
    amount_fen: Mapped[int]
    refunded_fen: Mapped[int] = mapped_column(default=0)
    paid_at: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[PaymentState] = mapped_column(_enum(PaymentState), default=PaymentState.received, index=True)
    duplicate: Mapped[bool] = mapped_column(default=False, index=True)
    source: Mapped[str] = mapped_column(String(20))  # notification | query | offline | close
    recorded_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=now)


class RefundState(str, enum.Enum):
    requested = "requested"    # asked for; the provider's answer is not known yet
    processing = "processing"  # accepted by the provider; the money is on its way back
    succeeded = "succeeded"
    failed = "failed"          # refused, closed or abnormal: nothing went back

    @property
    def label(self) -> str:
        return {"requested": "已申请", "processing": "退款中", "succeeded": "已退款",
                "failed": "退款失败"}[self.value]


class Refund(Base):
    __tablename__ = "payment_refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    out_refund_no: Mapped[str] = mapped_column(String(64), unique=True)
    amount_fen: Mapped[int]
    # This refund returns all that was left of the payment (a full refund of the paying payment
    # moves the application to `refunded` once the provider accepts it).
    completes_payment: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(String(80))
    state: Mapped[RefundState] = mapped_column(_enum(RefundState), default=RefundState.requested, index=True)
    provider_refund_id: Mapped[str | None] = mapped_column(String(64))
    failure: Mapped[str | None] = mapped_column(String(200))
    requested_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    requested_at: Mapped[datetime] = mapped_column(default=now, index=True)
    finished_at: Mapped[datetime | None]


class TitleKind(str, enum.Enum):
    personal = "personal"
    unit = "unit"

    @property
    def label(self) -> str:
        return {"personal": "个人", "unit": "单位"}[self.value]


class UnitKind(str, enum.Enum):
    enterprise = "enterprise"
    institution = "institution"
    government = "government"

    @property
    def label(self) -> str:
        return {"enterprise": "企业", "institution": "事业单位", "government": "机关"}[self.value]


class InvoiceRequest(Base):
    """What the invoice should name (发票抬头) and where it goes; editable until it is issued."""

    __tablename__ = "invoice_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    title_kind: Mapped[TitleKind] = mapped_column(_enum(TitleKind, 10))
    unit_kind: Mapped[UnitKind | None] = mapped_column(_enum(UnitKind, 12))
    title: Mapped[str] = mapped_column(String(100))
    taxpayer_number: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    email_confirmed_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)


class Receipt(Base):
    """The receipt (缴费凭证) of one paying payment: its printed values frozen in `data`, its PDF
    rendered once from them and kept in the blob store (`pdf_sha256`)."""

    __tablename__ = "payment_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(default=now)


class InvoiceState(str, enum.Enum):
    unassigned = "unassigned"  # uploaded, not (yet) matched to a request
    issued = "issued"          # matched to its request and sent to the applicant
    voided = "voided"          # cancelled by a red-letter invoice (红冲); kept and shown
    red_letter = "red_letter"  # the red-letter invoice itself (negative amount)

    @property
    def label(self) -> str:
        return {"unassigned": "待匹配", "issued": "已开具", "voided": "已红冲作废",
                "red_letter": "红字发票"}[self.value]


class IssuedInvoice(Base):
    """An invoice file finance staff uploaded, with what it prints (read by pypdf / the OFD XML)."""

    __tablename__ = "issued_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(3))  # pdf | ofd
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date]
    buyer_name: Mapped[str] = mapped_column(String(100))
    buyer_taxpayer_number: Mapped[str] = mapped_column(String(20))
    total_fen: Mapped[int]
    state: Mapped[InvoiceState] = mapped_column(_enum(InvoiceState), default=InvoiceState.unassigned, index=True)
    invoice_request_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_requests.id"), index=True)
    matched_by: Mapped[str | None] = mapped_column(String(20))  # taxpayer_number | title | manual
    note: Mapped[str | None] = mapped_column(String(300))  # why it is not matched, in Chinese
    voided_by_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("issued_invoices.id"))
    void_reason: Mapped[str | None] = mapped_column(String(200))
    uploaded_by_staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=now, index=True)
    assigned_at: Mapped[datetime | None]
    voided_at: Mapped[datetime | None]


class ReconciliationRun(Base):
    """One day's bill compared with our records; `differences` lists what did not agree."""

    __tablename__ = "reconciliation_runs"
    __table_args__ = (UniqueConstraint("day", "provider"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    provider: Mapped[str] = mapped_column(String(20))
    ran_at: Mapped[datetime] = mapped_column(default=now)
    bill_rows: Mapped[int] = mapped_column(default=0)
    agreed: Mapped[int] = mapped_column(default=0)
    differences: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


# Their files live in the shared blob store: no upload clean-up may delete them.
keeps_blobs(Receipt.pdf_sha256)
keeps_blobs(IssuedInvoice.sha256)
