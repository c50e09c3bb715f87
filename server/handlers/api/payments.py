"""Payment API (网上缴费): the fee, the invoice title, orders (JSAPI or Native QR), the result
check after wx.requestPayment, the receipt and the invoices."""
from __future__ import annotations

import re

import marshmallow as ma

from server.applications.drafts import current_application
from server.errors import NotFound
from server.handlers.api.applications import ActionSchema
from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime, Schema, choice, text
from server.handlers.documents import send_document
from server.network import client_ip
from server.payments import checkout, invoice_files, invoice_requests, receipts
from server.payments.invoicing import invoices_of_request
from server.payments.models import TitleKind
from server.payments.presenter import SHOWN_INVOICE_STATES, checkout_view, order_view, payment_view
from server.payments.rows import paying_payment

blp = ApiBlueprint("payments", __name__, description="网上缴费：发票抬头、微信支付（小程序或扫码）、缴费凭证与发票")
PAYMENT = "/applications/current/payment"
ORDER_NUMBER = re.compile(r"^E\d{8}[0-9A-F]{20}$")
PDF = {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}


class InvoiceRequestInput(Schema):
    title_kind = choice("发票抬头类型", [kind.value for kind in TitleKind])
    unit_kind = text("单位类型", required=False, allow_none=True, load_default=None, max_length=12)
    title = text("发票抬头", max_length=invoice_requests.MAX_TITLE)
    taxpayer_number = text("纳税人识别号", required=False, allow_none=True, load_default=None, max_length=20)
    taxpayer_number_confirmed = ma.fields.Boolean(load_default=False, metadata={
        "description": "纳税人识别号校验位与国家标准不一致时，确认与营业执照一致"})
    email = text("电子邮箱", max_length=254)
    email_confirmed = ma.fields.Boolean(required=True, metadata={"description": "已核对电子邮箱（发票发送到此邮箱）"},
                                        error_messages={"required": invoice_requests.EMAIL_UNCONFIRMED})


class InvoiceRequestSchema(ma.Schema):
    title_kind = ma.fields.String(metadata={"description": "personal 个人、unit 单位"})
    unit_kind = ma.fields.String(allow_none=True)
    title = ma.fields.String()
    taxpayer_number = ma.fields.String(allow_none=True)
    email = ma.fields.String()
    email_confirmed_at = BeijingDateTime()


class PrefillSchema(ma.Schema):
    personal_title = ma.fields.String(metadata={"description": "个人抬头（申报人姓名）"})
    unit_title = ma.fields.String(metadata={"description": "单位抬头（申报表中的工作单位，“无”时为空）"})
    unit_taxpayer_number = ma.fields.String(metadata={"description": "单位的统一社会信用代码（申报表中填写的）"})
    email = ma.fields.String(metadata={"description": "申报表中的电子邮箱"})


class OrderSchema(ma.Schema):
    out_trade_no = ma.fields.String(metadata={"description": "商户订单号"})
    channel = ma.fields.String(metadata={"description": "jsapi 小程序支付、native 扫码支付"})
    state = ma.fields.String(metadata={"description": "created 创建中、pending 待支付、paid 已支付、closed 已关闭、failed 创建失败"})
    state_label = ma.fields.String()
    amount_fen = ma.fields.Integer(metadata={"description": "金额（分）"})
    amount = ma.fields.String(metadata={"description": "金额（元），如 350.00"})
    expert_number = ma.fields.String(metadata={"description": "专家编号（扫码支付时与二维码一同显示）"})
    expires_at = BeijingDateTime(metadata={"description": "订单失效时间"})
    code_url = ma.fields.String(allow_none=True, metadata={"description": "扫码支付：二维码内容"})
    qr_png_base64 = ma.fields.String(allow_none=True, metadata={
        "description": "扫码支付：二维码图片（PNG，Base64），下方印有专家编号与金额"})


class RequestPaymentSchema(ma.Schema):
    timeStamp = ma.fields.String()
    nonceStr = ma.fields.String()
    package = ma.fields.String()
    signType = ma.fields.String(metadata={"description": "API v3 为 RSA"})
    paySign = ma.fields.String()


class CheckoutSchema(OrderSchema):
    request_payment = ma.fields.Nested(RequestPaymentSchema, allow_none=True, metadata={
        "description": "小程序支付：原样传给 wx.requestPayment 的参数；扫码支付时为 null"})


class PaidSchema(ma.Schema):
    paid_at = BeijingDateTime()
    amount = ma.fields.String()
    method = ma.fields.String(metadata={"description": "微信支付、银行转账或现金"})
    state = ma.fields.String(metadata={"description": "received 已到账、partially_refunded 部分退款、refunded 已退款"})
    state_label = ma.fields.String()
    refunded = ma.fields.String(metadata={"description": "已退金额（元）"})


class ReceiptBriefSchema(ma.Schema):
    number = ma.fields.String(metadata={"description": "缴费凭证号"})


class InvoiceBriefSchema(ma.Schema):
    id = ma.fields.Integer()
    number = ma.fields.String(metadata={"description": "发票号码"})
    kind = ma.fields.String(metadata={"description": "pdf 或 ofd（ofd 请在邮箱或电脑上查看）"})
    state = ma.fields.String(metadata={"description": "issued 已开具、voided 已红冲作废"})
    state_label = ma.fields.String()
    issued_on = ma.fields.String(metadata={"description": "开票日期"})
    amount = ma.fields.String()


class PaymentViewSchema(ma.Schema):
    state = ma.fields.String(metadata={"description": "申请状态"})
    state_label = ma.fields.String()
    item = ma.fields.String(metadata={"description": "收费项目"})
    amount_fen = ma.fields.Integer()
    amount = ma.fields.String()
    expert_number = ma.fields.String(allow_none=True)
    pay = ma.fields.Nested(ActionSchema, allow_none=True, metadata={
        "description": "缴费操作：能否缴费，不能时的原因与开始时间（审核通过后才有）"})
    invoice_request = ma.fields.Nested(InvoiceRequestSchema, allow_none=True)
    invoice_request_editable = ma.fields.Boolean(metadata={"description": "发票信息可否修改（开具前可改）"})
    invoice_prefill = ma.fields.Nested(PrefillSchema)
    open_order = ma.fields.Nested(OrderSchema, allow_none=True, metadata={"description": "未完成的订单"})
    payment = ma.fields.Nested(PaidSchema, allow_none=True, metadata={"description": "已完成的缴费"})
    receipt = ma.fields.Nested(ReceiptBriefSchema, allow_none=True)
    invoices = ma.fields.List(ma.fields.Nested(InvoiceBriefSchema))
    refund_policy = ma.fields.String()
    hotline = ma.fields.String(metadata={"description": "缴费系统咨询电话"})


class StartInput(Schema):
    channel = choice("支付方式", ["jsapi", "native"])


def _number(out_trade_no: str) -> str:
    if not ORDER_NUMBER.match(out_trade_no):
        raise NotFound("订单不存在")
    return out_trade_no


def _view() -> dict:
    account = current_account()
    return payment_view(current_application(account), account)


@blp.route(PAYMENT, methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, PaymentViewSchema)
@login_required
def payment():
    """我的缴费：能否缴费（原因与开始时间）、发票抬头、订单、缴费、凭证与发票"""
    return _view()


@blp.route(f"{PAYMENT}/invoice-request", methods=["PUT"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(InvoiceRequestInput)
@blp.response(200, PaymentViewSchema)
def save_invoice_request(body: dict):
    """填写或修改发票抬头并确认电子邮箱（开具发票前可修改）"""
    invoice_requests.save_invoice_request(current_account(), body)
    return _view()


@blp.route(f"{PAYMENT}/orders", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(StartInput)
@blp.response(201, CheckoutSchema)
def start_payment(body: dict):
    """发起缴费：jsapi 返回 wx.requestPayment 的参数；native 返回二维码（附专家编号）"""
    return checkout_view(checkout.start_payment(current_account(), body["channel"], client_ip()))


@blp.route(f"{PAYMENT}/orders/<out_trade_no>", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, OrderSchema)
@login_required
def order(out_trade_no: str):
    """订单状态（不查询微信支付）"""
    return order_view(checkout.applicant_order(current_account(), _number(out_trade_no)))


@blp.route(f"{PAYMENT}/orders/<out_trade_no>/check", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, OrderSchema)
@login_required
def check(out_trade_no: str):
    """支付后确认结果：向微信支付查询未完成的订单并记录（查询不到时仍为 pending：支付结果确认中）"""
    return order_view(checkout.check_order(current_account(), _number(out_trade_no)))


@blp.route(f"{PAYMENT}/receipt.pdf", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, summary="下载缴费凭证（PDF）", responses={200: PDF})
@blp.alt_response(404, schema="Error", description="尚未缴费")
@login_required
def receipt():
    application = current_application(current_account())
    paying = paying_payment(application.id)
    found = receipts.receipt_of(paying.id) if paying else None
    if found is None:
        raise NotFound("尚未缴费，没有缴费凭证")
    return send_document(receipts.receipt_document(found.id), receipts.filename(found), f"receipt-{found.number}.pdf")


@blp.route(f"{PAYMENT}/invoices/<int:invoice_id>", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, summary="下载发票（PDF 或 OFD，原样）", responses={200: {
    "description": "发票文件", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                                       "application/ofd": {"schema": {"type": "string", "format": "binary"}}}}})
@blp.alt_response(404, schema="Error", description="发票不存在")
@login_required
def invoice(invoice_id: int):
    application = current_application(current_account())
    request = invoice_requests.request_of(application.id)
    mine = {row.id: row for row in invoices_of_request(request.id)} if request else {}
    if invoice_id not in mine or mine[invoice_id].state not in SHOWN_INVOICE_STATES:
        raise NotFound("发票不存在")
    found, data = invoice_files.invoice_document(invoice_id)
    return send_document(data, invoice_files.filename(found), f"invoice-{found.number}.{found.kind}")

