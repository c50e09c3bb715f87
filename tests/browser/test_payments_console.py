"""The fee in real headless Chromium: association staff find an approved applicant by expert
number, record a bank transfer, refund it with a reason (the policy shown first), and export
the payments list."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from server.accounts.models import StaffRole
from server.applications.models import Application
from server.extensions import db
from tests.fixtures.staff import STAFF_PASSWORD


def test_staff_record_an_offline_payment_refund_it_with_a_reason_and_export_the_list(
        app, paying, staff, live_server, page: Page):
    application_id = paying.application()
    with app.app_context():
        expert_number = db.session.get(Application, application_id).expert_number
    staff("xiehui", StaffRole.association)
    base = live_server.url
    page.goto(f"{base}/console/login")
    page.get_by_label("用户名").fill("xiehui")
    page.get_by_label("密码").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()

    page.get_by_role("link", name="缴费", exact=True).click()
    page.get_by_role("link", name="登记线下缴费").click()
    page.get_by_label("专家编号（或申请编号）").fill(expert_number)
    page.get_by_role("button", name="查找").click()
    page.get_by_label("缴费方式").select_option(label="银行转账")
    page.get_by_label("转账流水号或收据号（必填）").fill("ICBC-20261130-0001")
    page.get_by_role("button", name="登记缴费").click()
    expect(page.locator(".flash").first).to_contain_text("已登记")
    expect(page.locator("#application-state")).to_have_text("已缴费")

    expect(page.get_by_role("note")).to_contain_text("逾期未参加的，不予退费")
    page.get_by_label("退款原因（必填）").fill("申请人重复转账，退回")
    page.get_by_role("button", name="退款", exact=True).click()
    expect(page.locator(".flash").first).to_contain_text("退款 350.00 元：已退款")
    expect(page.locator("#application-state")).to_have_text("已退费")
    expect(page.locator("#refunds")).to_contain_text("申请人重复转账，退回")
    expect(page.locator("#history")).to_contain_text("登记线下缴费")

    page.get_by_role("link", name="返回缴费记录").click()
    expect(page.locator("#payments")).to_contain_text(expert_number)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    data = BytesIO(Path(download.value.path()).read_bytes())  # saved without an extension
    rows = list(load_workbook(data).active.iter_rows(values_only=True))
    assert rows[1][2] == expert_number and rows[1][5] == "ICBC-20261130-0001" and rows[1][11] == "已退款"
