"""The review in real headless Chromium: a reviewer filters the queue, opens an application, rejects
it with a reason and a field mark; the applicant withdraws, edits and resubmits (API); the reviewer
sees the field-level diff, approves, and the expert number appears."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from server.accounts.models import StaffRole
from server.applications.models import Application
from server.extensions import db
from tests.fixtures.forms import pending, valid_id, withdraw_edit_resubmit
from tests.fixtures.staff import STAFF_PASSWORD

SCREENSHOT_DIR = Path("/tmp")


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/console/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()


def test_reject_resubmit_diff_approve_in_a_browser(app, client, applicant, staff, live_server, page: Page):
    # The console runs under its Content-Security-Policy: Chromium reports any violation on the console.
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    application_id = pending(client, applicant, valid_id())
    staff("rv_urumqi", StaffRole.reviewer, "650100")
    base = live_server.url

    log_in(page, base, "rv_urumqi")
    page.get_by_role("link", name="资格审核").click()
    page.get_by_label("姓名（含）").fill("张")
    page.get_by_label("身份证号后4位").fill(valid_id()[-4:])
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#total")).to_have_text("1")
    page.get_by_role("link", name="张三").click()
    expect(page).to_have_url(f"{base}/console/review/{application_id}")
    expect(page.get_by_role("img", name="一寸免冠照")).to_be_visible()
    # the console file route serves the photo (the browser decodes a real image)
    page.wait_for_function("() => { const img = document.querySelector(\"img[alt='一寸免冠照']\");"
                           " return img.complete && img.naturalWidth > 0; }")

    # reject with a reason and a mark on the school field
    page.get_by_label("驳回理由（申报人可见）").fill("毕业院校与学历证明不一致，请核对")
    school_row = page.locator("[id='field-basic.school']")
    school_row.get_by_label("有误").check()
    school_row.get_by_placeholder("说明").fill("请按毕业证书填写")
    expect(page.locator("#marked-count")).to_have_text("已标记 1 个字段")
    page.get_by_role("button", name="驳回").click()
    expect(page.locator(".flash").first).to_contain_text("已驳回")
    expect(page.locator(".summary .state")).to_have_text("已驳回")

    # the applicant withdraws, edits and resubmits with a new signed sheet (through the API)
    withdraw_edit_resubmit(client, applicant, {"basic": {"school": "新疆农业大学"}})

    page.reload()
    expect(page.locator(".summary .state")).to_have_text("待审核")
    changes = page.locator(".card.changes")
    expect(changes).to_contain_text("毕业院校")
    expect(changes.locator("td.before").first).to_have_text("新疆大学")
    expect(changes.locator("td.after").first).to_have_text("新疆农业大学")
    expect(page.locator("tr.changed[id='field-basic.school']")).to_contain_text("上次驳回标注：请按毕业证书填写")
    page.screenshot(path=str(SCREENSHOT_DIR / "review_application_diff.png"), full_page=True)

    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".flash").first).to_contain_text("已审核通过")
    with app.app_context():
        number = db.session.get(Application, application_id).expert_number
    assert number
    expect(page.locator("#expert-number")).to_have_text(number)
    page.screenshot(path=str(SCREENSHOT_DIR / "review_application_approved.png"), full_page=True)
    assert violations == []


def test_the_queue_and_the_dashboard_in_a_browser(build, staff, live_server, page: Page):
    build.many([{"name": name, "prefecture_code": prefecture} for name, prefecture in
                [("张建国", "650100"), ("李建军", "650200"), ("王芳", "650100"), ("赵强", "653100")]])
    staff("xiehui", StaffRole.association)
    base = live_server.url
    log_in(page, base, "xiehui")
    page.get_by_role("link", name="统计").click()
    chart = page.get_by_role("img", name="各地州市申报数量（按状态分段）")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(3)
    page.screenshot(path=str(SCREENSHOT_DIR / "review_dashboard.png"), full_page=True)
    page.get_by_role("link", name="资格审核").click()
    expect(page.locator("#total")).to_have_text("4")
    page.get_by_label("所在市州").select_option(label="乌鲁木齐市")
    page.get_by_label("姓名（含）").fill("建")
    page.get_by_label("姓名（含）").press("Enter")  # the keyboard submits the filter form
    expect(page.locator("#total")).to_have_text("1")
    expect(page.locator("table.queue tbody")).to_contain_text("张建国")
    page.screenshot(path=str(SCREENSHOT_DIR / "review_queue.png"), full_page=True)
