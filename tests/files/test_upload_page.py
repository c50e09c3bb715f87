"""The desktop upload page, through the test client: code entry, the file form, and every refusal."""
from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import select

from server.applications import desktop_upload
from server.applications.models import Application
from server.extensions import db
from tests.fixtures import samples


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


@pytest.fixture
def code(app, application) -> str:
    with app.app_context():
        return desktop_upload.create_code(application.account_id, application.id, "education_proof")[0]


@pytest.fixture
def token(client, clock) -> str:
    """A CSRF token issued on the test's (frozen) clock: one from before the freeze looks expired."""
    return csrf_token(client.get("/upload").get_data(as_text=True))


def enter(client, token: str, code: str):
    return client.post("/upload", data={"csrf_token": token, "code": code})


def send(client, token: str, code: str, data: bytes, name: str = "学历证明.pdf"):
    return client.post("/upload/file", content_type="multipart/form-data",
                       data={"csrf_token": token, "code": code, "file": (BytesIO(data), name)})


def test_the_page_asks_for_the_code_and_takes_it_from_the_link(client):
    page = client.get("/upload?code=ABCD2345")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "输入上传码" in html and 'value="ABCD2345"' in html
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["X-Frame-Options"] == "DENY"


def test_a_good_code_shows_the_masked_applicant_the_slot_and_what_to_upload(client, token, code):
    page = enter(client, token, code.lower())
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "张**" in html and "张三" not in html and "上传学历证明" in html
    assert "请上传 PDF 文件（不超过10MB、50页以内，不能加密，不能含脚本或附件）" in html
    assert 'enctype="multipart/form-data"' in html and 'accept="application/pdf,.pdf"' in html


def test_uploading_a_pdf_fills_the_slot_and_says_so(app, client, token, code):
    page = send(client, token, code, samples.pdf())
    assert page.status_code == 200 and "上传成功，请回到小程序查看" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Application.education_proof_file_id)).scalar_one() is not None


def test_a_bad_file_is_refused_on_the_form_and_the_code_still_works(client, token, code):
    page = send(client, token, code, samples.SCRIPTED_PDFS["JavaScript /OpenAction"]())
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "PDF 文件含有脚本或自动执行的动作" in html and 'type="file"' in html
    assert send(client, token, code, samples.pdf()).status_code == 200


@pytest.mark.parametrize("typed", ["ABCDEFGH", "nonsense!", ""])
def test_a_wrong_code_is_refused_with_404(client, token, typed):
    page = enter(client, token, typed)
    assert page.status_code == 404 and "上传码不正确" in page.get_data(as_text=True)


def test_an_expired_code_is_refused_with_410(client, clock, token, code):
    clock.shift(timedelta(minutes=31))
    page = enter(client, token, code)
    assert page.status_code == 410 and "上传码已过期" in page.get_data(as_text=True)
    assert send(client, token, code, samples.pdf()).status_code == 410


def test_a_used_code_is_refused_with_409(client, token, code):
    assert send(client, token, code, samples.pdf()).status_code == 200
    for page in (enter(client, token, code), send(client, token, code, samples.pdf())):
        assert page.status_code == 409 and "该上传码已使用过" in page.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(client, code):
    page = client.post("/upload", data={"code": code})
    assert page.status_code == 400 and "页面已过期" in page.get_data(as_text=True)


def test_a_body_over_the_limit_is_refused_with_413(app, client, token, code):
    page = send(client, token, code, b"%PDF-" + b"0" * app.config["MAX_CONTENT_LENGTH"])
    assert page.status_code == 413 and "文件超过 10MB" in page.get_data(as_text=True)


def test_code_entry_is_limited_per_address(client, token):
    statuses = [enter(client, token, "ABCDEFGH").status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429]
    assert "尝试次数过多" in enter(client, token, "ABCDEFGH").get_data(as_text=True)
