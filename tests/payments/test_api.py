"""The payment API as the mini-program uses it: why and from when, the invoice title, an order
by QR code (with the expert number) or for wx.requestPayment, the result check, the receipt and
the invoice; another applicant's order is not found."""
from __future__ import annotations

import base64
import io

from PIL import Image
from pypdf import PdfReader

from server.accounts.models import StaffRole
from server.payments import invoicing
from server.payments.receipts import receipt_data, receipt_of
from server.payments.rows import paying_payment
from tests.fixtures.invoice_samples import Sample, invoice_pdf
from tests.fixtures.payments import PERSONAL
from tests.fixtures.staff import staff_member

PAYMENT = "/api/v1/applications/current/payment"


def test_before_the_fifth_day_the_api_says_why_and_from_when(client, paying):
    application_id = paying.application(days_after_approval=4)
    view = client.get(PAYMENT, headers=paying.bearer(application_id)).json
    assert view["pay"]["allowed"] is False
    assert view["pay"]["reason"] == "审核通过5日后，即 11月30日 12:00 起可缴费"
    assert view["pay"]["opens_at"] == "2026-11-30T12:00:00+08:00"
    assert (view["amount"], view["amount_fen"], view["item"]) == ("350.00", 35000, "评标专家培训费")
    assert view["invoice_prefill"] == {"personal_title": "张三", "unit_title": "新疆某建筑设计研究院",
                                       "unit_taxpayer_number": "91310110076408176P", "email": "zhangsan@example.com"}


def test_the_invoice_title_is_checked_field_by_field(client, paying):
    headers = paying.bearer(paying.application())
    refused = client.put(f"{PAYMENT}/invoice-request", headers=headers, json={
        "title_kind": "unit", "unit_kind": "enterprise", "title": "新疆某公司", "taxpayer_number": "",
        "email": "not-an-address", "email_confirmed": True})
    assert refused.status_code == 422
    assert refused.json["fields"] == {"taxpayer_number": "企业抬头须填写纳税人识别号（统一社会信用代码）",
                                      "email": "电子邮箱格式不正确，如 name@example.com"}
    institution = client.put(f"{PAYMENT}/invoice-request", headers=headers, json={
        "title_kind": "unit", "unit_kind": "institution", "title": "新疆建设职业技术学院",
        "email": "zhangsan@example.com", "email_confirmed": True})
    assert institution.status_code == 200
    assert institution.json["invoice_request"]["taxpayer_number"] is None
    unconfirmed = client.put(f"{PAYMENT}/invoice-request", headers=headers, json={**PERSONAL, "email_confirmed": False})
    assert unconfirmed.json["fields"] == {"email_confirmed": "请核对并确认电子邮箱（发票将发送到此邮箱）"}


def test_a_qr_order_shows_the_code_with_the_expert_number(client, paying):
    application_id = paying.application()
    headers = paying.bearer(application_id)
    started = client.post(f"{PAYMENT}/orders", headers=headers, json={"channel": "native"})
    assert started.status_code == 201, started.json
    body = started.json
    assert body["request_payment"] is None and body["code_url"].startswith("weixin://")
    assert body["expert_number"].startswith("B") and body["state"] == "pending"
    image = Image.open(io.BytesIO(base64.b64decode(body["qr_png_base64"])))
    assert image.format == "PNG" and image.height > image.width  # the caption is under the code
    assert client.get(PAYMENT, headers=headers).json["open_order"]["out_trade_no"] == body["out_trade_no"]


def test_after_wx_request_payment_the_check_finds_the_payment(client, paying, sandbox):
    application_id = paying.application()
    headers = paying.bearer(application_id)
    started = client.post(f"{PAYMENT}/orders", headers=headers, json={"channel": "jsapi"}).json
    assert started["request_payment"]["signType"] == "RSA"
    number = started["out_trade_no"]
    assert client.post(f"{PAYMENT}/orders/{number}/check", headers=headers).json["state"] == "pending"
    sandbox.pay(number, notify=False)
    assert client.post(f"{PAYMENT}/orders/{number}/check", headers=headers).json["state"] == "paid"
    view = client.get(PAYMENT, headers=headers).json
    assert view["state"] == "paid" and view["payment"]["amount"] == "350.00" and view["open_order"] is None
    assert view["pay"] is None


def test_the_receipt_downloads_and_its_qr_page_verifies_it(client, paying, sandbox):
    application_id = paying.application()
    headers = paying.bearer(application_id)
    paying.paid(application_id, sandbox)
    view = client.get(PAYMENT, headers=headers).json
    pdf = client.get(f"{PAYMENT}/receipt.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert view["receipt"]["number"] in text and "350.00" in text and "评标专家培训费" in text
    again = client.get(f"{PAYMENT}/receipt.pdf", headers=headers)
    assert again.data == pdf.data  # a snapshot: the same bytes every time
    with paying.app.app_context():
        url = receipt_data(receipt_of(paying_payment(application_id).id)).verify_url
    page = client.get(url.removeprefix(paying.live_url))
    assert page.status_code == 200 and view["receipt"]["number"] in page.get_data(as_text=True)
    assert "有效" in page.get_data(as_text=True)
    assert client.get("/verify/receipts/forged-token").status_code == 404


def test_an_issued_invoice_opens_in_the_mini_program(client, paying, sandbox, make_staff):
    application_id = paying.application()
    headers = paying.bearer(application_id)
    paying.paid(application_id, sandbox)
    pdf = invoice_pdf(Sample("26650000000000000001", "张三", "", 35000))
    with paying.app.app_context():
        invoicing.upload_invoices([("a.pdf", pdf)], staff_member(make_staff(StaffRole.association)))
    [invoice] = client.get(PAYMENT, headers=headers).json["invoices"]
    assert (invoice["number"], invoice["state"], invoice["kind"]) == ("26650000000000000001", "issued", "pdf")
    download = client.get(f"{PAYMENT}/invoices/{invoice['id']}", headers=headers)
    assert download.status_code == 200 and download.data == pdf


def test_another_applicants_order_and_invoice_are_not_found(client, paying):
    mine, theirs = paying.applications([(None, {}), (None, {})])
    their_headers = paying.bearer(theirs)
    number = client.post(f"{PAYMENT}/orders", headers=paying.bearer(mine), json={"channel": "native"}).json["out_trade_no"]
    assert client.get(f"{PAYMENT}/orders/{number}", headers=their_headers).status_code == 404
    assert client.post(f"{PAYMENT}/orders/{number}/check", headers=their_headers).status_code == 404
    assert client.get(f"{PAYMENT}/orders/not-a-number", headers=their_headers).status_code == 404
    assert client.get(f"{PAYMENT}/invoices/1", headers=their_headers).status_code == 404
