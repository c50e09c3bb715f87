"""The public page behind a review sheet's QR code: genuine and current, superseded, or unknown."""
from __future__ import annotations

from server.applications.submission import withdraw
from server.documents.verification import SUPERSEDED, VALID, read_sheet_token, sheet_token
from tests.documents.pdf_inspection import decode_qr
from tests.fixtures.forms import ID_NUMBER, SHEET, account_of, withdraw_and_resubmit


def path_of(url: str) -> str:
    return url[url.index("/verify/"):]


def page(client, path: str):
    response = client.get(path)
    return response, response.get_data(as_text=True)


def test_the_current_sheet_is_valid_and_shows_only_masked_values(client, submitted):
    url = client.get(SHEET, headers=submitted).json["verify_url"]
    response, html = page(client, path_of(url))

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert VALID in html and SUPERSEDED not in html
    assert "张*" in html and "张三" not in html
    assert ID_NUMBER[:6] + "********" + ID_NUMBER[-4:] in html
    assert ID_NUMBER not in html and ID_NUMBER[6:14] not in html
    assert "2026年全区第二批" in html
    assert "第1次提交" in html and "2026-11-25 12:00（北京时间）" in html
    for private in ("13800138000", "zhangsan@example.com", "新疆某建筑设计研究院", "新疆大学"):
        assert private not in html
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_the_qr_code_on_the_printed_sheet_leads_to_the_verdict(client, submitted):
    pdf = client.get(f"{SHEET}.pdf", headers=submitted).data
    [url] = decode_qr(pdf)
    assert VALID in page(client, path_of(url))[1]


def test_after_a_withdrawal_and_a_new_submission_the_old_sheet_is_void(app, client, submitted):
    first = client.get(SHEET, headers=submitted).json["verify_url"]
    withdraw_and_resubmit(app, client, submitted)
    second = client.get(SHEET, headers=submitted).json["verify_url"]

    old_response, old = page(client, path_of(first))
    assert old_response.status_code == 200
    assert SUPERSEDED in old and VALID not in old and "第1次提交" in old
    new = page(client, path_of(second))[1]
    assert VALID in new and "第2次提交" in new


def test_while_withdrawn_to_draft_the_sheet_is_void(app, client, submitted):
    from server.extensions import db
    url = client.get(SHEET, headers=submitted).json["verify_url"]
    with app.app_context():
        withdraw(account_of())
        db.session.remove()
    assert SUPERSEDED in page(client, path_of(url))[1]


def test_a_tampered_or_unknown_token_is_a_404_page(app, client, submitted):
    url = client.get(SHEET, headers=submitted).json["verify_url"]
    token = path_of(url).removeprefix("/verify/")
    tampered = token[:-2] + ("xy" if token[-2:] != "xy" else "zz")
    with app.app_context():
        application_id, _ = read_sheet_token(token)
        unknown = sheet_token(application_id + 1, 1)
        no_such_submission = sheet_token(application_id, 5)
    for bad in (tampered, unknown, no_such_submission, "x" * 500, "%E4%B8%AD"):
        response, html = page(client, f"/verify/{bad}")
        assert response.status_code == 404, bad
        assert "无法核验" in html and "张" not in html


def test_it_is_rate_limited_per_address(app, client, submitted):
    url = path_of(client.get(SHEET, headers=submitted).json["verify_url"])
    statuses = [client.get(url).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert "查询过于频繁" in client.get(url).get_data(as_text=True)
    other = client.get(url, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 200
