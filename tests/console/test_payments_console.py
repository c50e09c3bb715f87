"""The fee in the console: the payments list with filters, totals and export; an application's
history; offline payments; refunds with a reason; duplicates refunded in one click; resend;
reconciliation; invoices exported, uploaded, matched and assigned. Association and admin only."""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application, ApplicationState
from server.extensions import db
from server.payments.models import Refund, RefundState
from tests.fixtures.invoice_samples import Sample, invoice_pdf, zipped
from tests.fixtures.payments import PERSONAL, payments_of

KARAMAY = "650200"


@pytest.fixture
def log_in(staff, console):
    """Log in an association member (after the clock has moved: sessions last 12 hours)."""
    def log_in(role: StaffRole = StaffRole.association, prefecture: str | None = None) -> None:
        name = f"{role.value}_user"
        staff(name, role, prefecture)
        assert console.login(name).status_code == 302
    return log_in


def test_the_list_filters_by_prefecture_totals_and_exports(client, paying, sandbox, log_in):
    urumqi, karamay = paying.applications([(None, {}), (None, {"prefecture_code": KARAMAY})])
    for application_id in (urumqi, karamay):
        paying.paid(application_id, sandbox)
    log_in()
    page = client.get("/console/payments").get_data(as_text=True)
    assert re.search(r'id="total">2<', page) and re.search(r'id="total-amount">700.00<', page)
    assert "克拉玛依市" in page and "乌鲁木齐市" in page
    filtered = client.get(f"/console/payments?prefecture={KARAMAY}").get_data(as_text=True)
    assert re.search(r'id="total">1<', filtered)
    bad = client.get("/console/payments?state=nonsense&from=2026-13-01")
    assert bad.status_code == 200 and "状态不正确" in bad.get_data(as_text=True)
    export = client.get(f"/console/payments/export.xlsx?prefecture={KARAMAY}")
    assert export.status_code == 200
    rows = list(load_workbook(BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "缴费编号" and len(rows) == 2 and rows[1][3] == "克拉玛依市" and rows[1][8] == "350.00"


def test_reviewers_do_not_see_payments(client, log_in):
    log_in(StaffRole.reviewer, "650100")
    assert client.get("/console/payments").status_code == 403
    assert client.get("/console/invoices").status_code == 403


def test_an_offline_payment_is_recorded_then_refunded_with_a_reason(app, client, console, paying, log_in):
    application_id = paying.application()
    log_in()
    with app.app_context():
        expert_number = db.session.get(Application, application_id).expert_number
    page = f"/console/payments/offline?q={expert_number}"
    recorded = console.post_form(page, {"q": expert_number, "method": "bank_transfer", "reference": "TR-001",
                                        "paid_on": "2026-11-30", "note": ""}, action="/console/payments/offline")
    assert recorded.status_code == 302
    history = f"/console/payments/applications/{application_id}"
    html = client.get(history).get_data(as_text=True)
    assert "逾期未参加的，不予退费" in html and "TR-001" in html and "登记线下缴费" in html
    with app.app_context():
        [payment] = payments_of(application_id)
    no_reason = console.post_form(history, {"application_id": application_id, "amount": "", "reason": " "},
                                  action=f"/console/payments/{payment.id}/refund")
    assert "退款未完成：请填写退款原因" in client.get(no_reason.location).get_data(as_text=True)
    refunded = console.post_form(history, {"application_id": application_id, "amount": "", "reason": "重复转账"},
                                 action=f"/console/payments/{payment.id}/refund")
    assert "退款 350.00 元：已退款" in client.get(refunded.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).state is ApplicationState.refunded


def test_a_duplicate_is_listed_and_refunded_in_one_click(app, client, console, paying, sandbox, log_in):
    application_id = paying.application()
    qr = paying.start(application_id, "native")
    mini = paying.start(application_id, "jsapi")
    sandbox.pay(mini.out_trade_no)
    sandbox.pay(qr.out_trade_no, even_if_closed=True)
    log_in()
    page = client.get("/console/payments/duplicates").get_data(as_text=True)
    with app.app_context():
        duplicate = next(p for p in payments_of(application_id) if p.duplicate)
    assert f'data-payment="{duplicate.id}"' in page
    done = console.post_form("/console/payments/duplicates", {},
                             action=f"/console/payments/duplicates/{duplicate.id}/refund")
    assert "退款中" in client.get(done.location).get_data(as_text=True)
    with app.app_context():
        refund = db.session.execute(select(Refund)).scalar_one()
        assert (refund.payment_id, refund.state, refund.reason) == (duplicate.id, RefundState.processing,
                                                                    "重复缴费，退还多缴的培训费")
        assert db.session.get(Application, application_id).state is ApplicationState.paid
    assert f'data-payment="{duplicate.id}"' not in client.get("/console/payments/duplicates").get_data(as_text=True)


def test_the_receipt_is_resent_to_a_corrected_address(client, console, paying, sandbox, log_in):
    application_id = paying.application()
    paying.paid(application_id, sandbox)
    log_in()
    history = f"/console/payments/applications/{application_id}"
    html = client.get(history).get_data(as_text=True)
    payment_id = re.search(r'data-payment="(\d+)"', html).group(1)
    console.post_form(history, {"application_id": application_id, "email": "new@example.com"},
                      action=f"/console/payments/{payment_id}/resend-receipt")
    paying.send_messages()
    receipts = [mail for mail in sandbox.mails if mail.subject.startswith("缴费成功")]
    assert [mail.to for mail in receipts] == ["zhangsan@example.com", "new@example.com"]
    assert receipts[0].attachments[0].data == receipts[1].attachments[0].data


def test_reconciliation_lists_a_payment_never_recorded_and_records_it_on_request(app, client, console, paying,
                                                                                 sandbox, log_in):
    application_id = paying.application()
    number = paying.start(application_id, "native").out_trade_no
    sandbox.pay(number, notify=False)
    log_in()
    ran = console.post_form("/console/payments/reconciliation", {"day": "2026-11-30"})
    page = client.get(ran.location).get_data(as_text=True)
    assert "微信支付账单有，本系统无缴费记录" in page and number in page
    order_id = re.search(r'/console/payments/orders/(\d+)/query', page).group(1)
    console.post_form(ran.location, {}, action=f"/console/payments/orders/{order_id}/query")
    with app.app_context():
        assert db.session.get(Application, application_id).state is ApplicationState.paid


def test_invoices_are_exported_uploaded_as_a_zip_matched_and_the_rest_assigned(app, client, console, paying,
                                                                               sandbox, log_in):
    first, second = paying.applications([(None, {}), ({**PERSONAL, "title": "李四"}, {"name": "李四"})])
    numbers = [paying.paid(application_id, sandbox) for application_id in (first, second)]
    log_in()
    export = client.get("/console/invoices/export.xlsx?from=2026-11-30&to=2026-11-30")
    rows = list(load_workbook(BytesIO(export.data)).active.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:3]) == sorted(numbers)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/invoices").get_data(as_text=True))
    archive = zipped({"a.pdf": invoice_pdf(Sample("26650000000000000001", "张三", "", 35000)),
                      "b.pdf": invoice_pdf(Sample("26650000000000000002", "李四的单位", "", 35000))})
    uploaded = client.post("/console/invoices/upload", data={"csrf_token": token.group(1),
                                                             "files": (BytesIO(archive), "发票.zip")})
    page = client.get(uploaded.location).get_data(as_text=True)
    assert "自动匹配并发送1张，待人工指定1张" in page
    invoice_id = re.search(r'/console/invoices/(\d+)/assign', page).group(1)
    console.post_form("/console/invoices", {"request_id": numbers[1]}, action=f"/console/invoices/{invoice_id}/assign")
    assert 'id="unassigned"' in client.get("/console/invoices").get_data(as_text=True)
    assert "没有待指定的发票" in client.get("/console/invoices").get_data(as_text=True)
    paying.send_messages()
    assert len([mail for mail in sandbox.mails if mail.subject.startswith("发票已开具")]) == 2


def test_an_upload_over_the_request_cap_is_refused_with_what_to_do(client, log_in, batch):
    log_in()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/invoices").get_data(as_text=True))
    response = client.post("/console/invoices/upload", data={
        "csrf_token": token.group(1), "files": (BytesIO(b"%PDF-" + b"0" * (12 * 1024 * 1024)), "big.pdf")})
    assert response.status_code == 413 and "请分批上传" in response.get_data(as_text=True)


def test_association_staff_read_the_receipt_and_the_invoice_but_not_the_applicants_files(app, client, console,
                                                                                         paying, sandbox, log_in):
    application_id = paying.application()
    number = paying.paid(application_id, sandbox)
    log_in()
    history = client.get(f"/console/payments/applications/{application_id}").get_data(as_text=True)
    receipt_link = re.search(r'href="(/console/payments/\d+/receipt\.pdf)"', history).group(1)
    receipt = client.get(receipt_link)
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF-")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/invoices").get_data(as_text=True))
    pdf = invoice_pdf(Sample("26650000000000000001", "张三", "", 35000))
    client.post("/console/invoices/upload", data={"csrf_token": token.group(1), "files": (BytesIO(pdf), "a.pdf")})
    page = client.get("/console/invoices").get_data(as_text=True)
    invoice = client.get(re.search(r'href="(/console/invoices/\d+/file)"', page).group(1))
    assert invoice.status_code == 200 and invoice.data == pdf and number
    with app.app_context():
        application = db.session.get(Application, application_id)
        identity = [application.photo_file_id, application.id_card_front_file_id, application.education_proof_file_id]
    assert [client.get(f"/console/files/{file_id}").status_code for file_id in identity] == [404, 404, 404]


def test_reviewers_read_no_receipt(client, paying, sandbox, log_in):
    application_id = paying.application()
    paying.paid(application_id, sandbox)
    log_in(StaffRole.reviewer, "650100")
    assert client.get("/console/payments/1/receipt.pdf").status_code == 403
