"""The applicant's review sheet through the API: the rows the mini-program previews, and the PDF."""
from __future__ import annotations

from urllib.parse import unquote

from sqlalchemy import select

from server.applications.submission import withdraw
from server.documents.models import KeptReviewSheet
from server.extensions import db
from server.files.storage import storage
from tests.documents.pdf_inspection import page_texts
from tests.fixtures.forms import ID_NUMBER, SHEET, account_of, submit_complete, withdraw_and_resubmit
from tests.fixtures.statements import statements_sent


def cells(body: dict) -> list[tuple[str, str]]:
    return [(cell["label"], cell["value"]) for row in body["rows"] for cell in row.get("cells", [])]


def test_before_a_submit_there_is_no_sheet(client, applicant):
    for path in (SHEET, f"{SHEET}.pdf"):
        response = client.get(path, headers=applicant)
        assert response.status_code == 404
        assert response.json == {"code": "not_found", "message": "尚未提交资料", "fields": {}}


def test_it_needs_a_login(client, batch):
    assert client.get(SHEET).status_code == 401
    assert client.get(f"{SHEET}.pdf").status_code == 401


def test_the_rows_follow_the_seeds_table(app, client, submitted):
    body = client.get(SHEET, headers=submitted).json

    assert body["title"] == "新疆维吾尔自治区征集（特聘）房屋建筑和市政基础设施工程评标专家申请和资格审查表"
    assert body["sequence"] == 1
    assert body["submitted_at"] == "2026-11-25T12:00:00+08:00"
    assert body["verify_url"].startswith(f"{app.config['PUBLIC_BASE_URL']}/verify/")
    labels = [label for label, _ in cells(body)]
    seed_order = ["姓名", "性别", "出生年月（周岁）", "政治面貌", "所在市州", "职称", "身份证", "新增或续聘",
                  "从事专业类别", "从事专业年限", "最高学历", "最高学位", "毕业院校", "所学专业",
                  "职业资格名称1", "注册证书编号1", "是否异地评标", "是否愿意成为应急专家", "工作单位",
                  "工作单位统一社会信用代码", "办公电话", "本人电子邮箱", "本人手机号码", "备用手机号"]
    assert labels[:len(seed_order)] == seed_order
    values = dict(cells(body))
    assert values["出生年月（周岁）"] == "1975-01（51岁）"  # on the 2026-12-02 registration deadline
    assert values["身份证"] == ID_NUMBER  # in full: the applicant's own sheet
    assert values["政治面貌"] == "群众" and values["所在市州"] == "乌鲁木齐市"
    assert values["从事专业类别"] == "设计/A0401建筑工程" and values["从事专业年限"] == "20年"
    assert (values["职业资格名称1"], values["注册证书编号1"]) == ("一级注册建筑师", "新165060812345")
    assert (values["是否异地评标"], values["是否愿意成为应急专家"]) == ("是", "否")
    assert values["本人手机号码"] == "13800138000"
    assert values["新增或续聘"] == "新增"
    rows = body["rows"]
    start = rows.index({"heading": "首选评标专业"})
    assert rows[start + 1:start + 4] == [
        {"cells": [{"label": "一级类别", "value": "A04设计"}]},
        {"cells": [{"label": "二级类别", "value": "A0401建筑工程"}]},
        {"cells": [{"label": "三级类别", "value": "A040101建筑总平面规划"}]}]
    assert labels[-4:] == ["备选评标专业", "回避单位", "工作经历", "评标经历"]
    assert values["工作经历"] == "1998年至今从事建筑设计工作。"


def test_certificates_and_avoidance_units_are_numbered_in_the_order_added(client, applicant, files_dir):
    submit_complete(client, applicant, certificates=2, avoidance_units=2)
    body = client.get(SHEET, headers=applicant).json

    labels = [label for label, _ in cells(body)]
    assert [label for label in labels if label.startswith(("职业资格", "注册证书"))] == [
        "职业资格名称1", "注册证书编号1", "职业资格名称2", "注册证书编号2", "职业资格名称3", "注册证书编号3"]
    values = dict(cells(body))
    assert (values["职业资格名称3"], values["注册证书编号3"]) == ("注册造价工程师3", "建[造]12650000001")
    start = body["rows"].index({"heading": "回避单位"})
    assert body["rows"][start + 3] == {"cells": [
        {"label": "回避单位2全称", "value": "新疆某某建设工程有限公司第2分公司"},
        {"label": "信用代码", "value": "91310110076408176P"}]}


def test_the_pdf_downloads_as_an_attachment_that_is_not_sniffed(client, submitted):
    response = client.get(f"{SHEET}.pdf", headers=submitted)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="review-sheet-1.pdf"')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "申请和资格审查表.pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"%PDF-")
    assert "张三" in page_texts(response.data)[0]


def test_after_a_withdrawal_the_old_sheet_is_not_offered(app, client, submitted):
    with app.app_context():
        withdraw(account_of())
        db.session.remove()
    for path in (SHEET, f"{SHEET}.pdf"):
        response = client.get(path, headers=submitted)
        assert response.status_code == 409
        assert "撤回" in response.json["message"]


def test_a_new_submission_is_the_current_sheet(app, client, submitted):
    first = client.get(SHEET, headers=submitted).json
    withdraw_and_resubmit(app, client, submitted)
    second = client.get(SHEET, headers=submitted).json

    assert (first["sequence"], second["sequence"]) == (1, 2)
    assert first["verify_url"] != second["verify_url"]
    assert "第2次提交" in page_texts(client.get(f"{SHEET}.pdf", headers=submitted).data)[0]


def test_the_pdf_is_rendered_once_per_submission_and_kept(app, client, submitted, files_dir):
    first = client.get(f"{SHEET}.pdf", headers=submitted).data
    kept = sorted(path for path in files_dir.rglob("*") if path.is_file())
    again = client.get(f"{SHEET}.pdf", headers=submitted).data
    assert again == first  # the same bytes: served from the blob store
    assert sorted(path for path in files_dir.rglob("*") if path.is_file()) == kept

    withdraw_and_resubmit(app, client, submitted)
    second = client.get(f"{SHEET}.pdf", headers=submitted).data
    assert second != first and "第2次提交" in page_texts(second)[0]


def test_printing_the_sheet_again_is_the_login_and_one_read(app, client, submitted):
    """Printing again is what everyone does on the last afternoon: no render, no write."""
    first = client.get(f"{SHEET}.pdf", headers=submitted).data
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as sent:
        again = client.get(f"{SHEET}.pdf", headers=submitted)
    assert again.status_code == 200 and again.data == first
    assert len(sent) == 2, sent


def test_a_kept_sheet_whose_file_is_gone_is_rendered_again(app, client, submitted):
    client.get(f"{SHEET}.pdf", headers=submitted)
    with app.app_context():
        storage().delete(db.session.scalar(select(KeptReviewSheet.sha256)))
    again = client.get(f"{SHEET}.pdf", headers=submitted)
    assert again.status_code == 200 and "申请和资格审查表" in page_texts(again.data)[0]


def test_a_new_public_address_renders_the_sheet_again(app, client, submitted):
    first = client.get(f"{SHEET}.pdf", headers=submitted).data
    previous = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5100"
    try:
        moved = client.get(f"{SHEET}.pdf", headers=submitted).data
    finally:
        app.config["PUBLIC_BASE_URL"] = previous
    assert moved != first and client.get(f"{SHEET}.pdf", headers=submitted).data == first


def test_the_api_document_describes_both_routes(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "get" in paths["/api/v1/applications/current/review-sheet"]
    assert "get" in paths["/api/v1/applications/current/review-sheet.pdf"]
