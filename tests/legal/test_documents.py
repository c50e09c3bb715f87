"""GET /api/v1/legal and /api/v1/legal/{key}: the user agreement and the privacy policy the
registration page shows, and the versions a registration agrees to."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from server.legal import documents

CURRENT = {"user-agreement": "2024-11-01", "privacy-policy": "2024-11-01"}


def test_the_index_names_both_texts_and_the_seeds_hotlines(client):
    body = client.get("/api/v1/legal").json
    assert [(d["key"], d["title"], d["version"]) for d in body["documents"]] == [
        ("user-agreement", "用户协议", "2024-11-01"), ("privacy-policy", "隐私政策", "2024-11-01")]
    assert body["contacts"] == [{"label": "缴费系统咨询电话", "phone": "0991-8837428"},
                                {"label": "技术服务咨询热线", "phone": "0991-8837410"}]


def test_the_privacy_policy_names_the_phone_permissions_the_mini_program_uses(client):
    body = client.get("/api/v1/legal/privacy-policy").json
    assert body["blocks"][0] == {"type": "title", "text": "隐私政策"}
    texts = [b["text"] for b in body["blocks"]]
    assert any(t.startswith("相册和相机") for t in texts)
    assert any(t.startswith("聊天记录中的文件") for t in texts)
    assert any(t.startswith("剪贴板") for t in texts)
    assert "技术服务咨询热线：0991-8837410" in texts
    assert not any("{{" in t for t in texts)


def test_the_user_agreement_says_who_may_delete_an_account(client):
    texts = [b["text"] for b in client.get("/api/v1/legal/user-agreement").json["blocks"]]
    assert any("尚未提交过申报资料的账号，可在“我的 → 注销账号”中自行注销" in t for t in texts)


def test_an_unknown_text_is_a_404_naming_the_choices(client):
    response = client.get("/api/v1/legal/cookies")
    assert response.status_code == 404
    assert response.json["message"] == "文档须为以下之一：user-agreement、privacy-policy"


def test_markdown_becomes_blocks_one_a_line():
    assert documents.blocks("# 标题\n\n## 一、小节\n段落。\n- 一项\n") == [
        {"type": "title", "text": "标题"}, {"type": "heading", "text": "一、小节"},
        {"type": "paragraph", "text": "段落。"}, {"type": "item", "text": "一项"}]


def register_body(send_code, **extra) -> dict:
    return {"username": "zhang_san", "password": "Passw0rd2024", "phone": "13800138000",
            "sms_code": send_code("13800138000"), **extra}


@pytest.fixture
def send_code(client, sandbox):
    def send(phone: str) -> str:
        assert client.post("/api/v1/sms-codes", json={"phone": phone, "purpose": "register"}).status_code == 202
        return [m for m in sandbox.recorder.sms_messages if m.phone.endswith(phone)][-1].code

    return send


def test_a_registration_records_the_versions_it_agreed_to(app, client, send_code):
    response = client.post("/api/v1/accounts", json=register_body(send_code, agreed_versions=CURRENT))
    assert response.status_code == 201
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "account.registered")).scalar_one()
        assert entry.detail == {"agreed_versions": CURRENT}


@pytest.mark.parametrize("agreed", [{"user-agreement": "2023-01-01", "privacy-policy": "2024-11-01"},
                                    {"user-agreement": "2024-11-01"}])
def test_a_registration_that_showed_other_texts_is_asked_to_read_them_again(client, send_code, agreed):
    response = client.post("/api/v1/accounts", json=register_body(send_code, agreed_versions=agreed))
    assert response.status_code == 422
    assert response.json["fields"] == {"agreed_versions": "用户协议或隐私政策已更新，请重新阅读并勾选同意"}
