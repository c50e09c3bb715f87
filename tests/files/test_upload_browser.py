"""The desktop upload page in a real browser (headless Chromium): an applicant gets a code in the
mini-program, types it on a computer, uploads the PDF, and the application has it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.applications import desktop_upload
from server.applications.models import Application
from server.extensions import db
from server.files.models import StoredFile
from tests.fixtures import samples


@pytest.fixture
def code(client, applicant, application) -> str:
    """A code got the way the mini-program gets it."""
    response = client.post("/api/v1/applications/current/desktop-upload-codes", headers=applicant,
                           json={"slot": "education_proof"})
    assert response.status_code == 201, response.json
    return response.json["code"]


def enter_code(page, live_server, code: str) -> int:
    """Open /upload, type the code, press 下一步; the status of the page that answers."""
    page.goto(f"{live_server.url}/upload")
    page.get_by_label("上传码").fill(code)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="下一步").click()
    return answer.value.status


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_an_applicant_uploads_a_pdf_from_a_computer(app, page, live_server, code):
    assert enter_code(page, live_server, code) == 200
    assert page.get_by_role("heading").inner_text() == "上传学历证明"
    assert "张**" in page.content()

    page.get_by_label("选择文件").set_input_files(
        {"name": "学历证明.pdf", "mimeType": "application/pdf", "buffer": samples.pdf("degree")})
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="上传").click()
    assert answer.value.status == 200
    assert page.get_by_role("status").inner_text() == "上传成功，请回到小程序查看"

    with app.app_context():
        file_id = db.session.execute(select(Application.education_proof_file_id)).scalar_one()
        stored = db.session.get(StoredFile, file_id)
        assert (stored.original_name, stored.content_type) == ("学历证明.pdf", "application/pdf")


def test_an_expired_code_is_refused(page, live_server, clock, code):
    clock.shift(timedelta(minutes=31))
    assert enter_code(page, live_server, code) == 410
    assert "上传码已过期" in page.get_by_role("alert").inner_text()


def test_a_used_up_code_is_refused(app, page, live_server, code):
    with app.app_context():
        desktop_upload.upload_with_code(code, "学历证明.pdf", samples.pdf())
    assert enter_code(page, live_server, code) == 409
    assert "该上传码已使用过" in page.get_by_role("alert").inner_text()


def test_the_page_works_without_javascript(app, page_without_javascript, live_server, code):
    page = page_without_javascript
    assert enter_code(page, live_server, code) == 200
    page.get_by_label("选择文件").set_input_files(
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": samples.pdf("no script")})
    page.get_by_role("button", name="上传").click()
    assert page.get_by_role("status").inner_text() == "上传成功，请回到小程序查看"
