"""Registration: username, password and a phone number proven by an SMS code."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.accounts.models import Account
from server.extensions import db


def account_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Account)).scalar_one()


def test_a_new_applicant_registers_and_is_logged_in(client, register):
    session = register(username="Zhang_San", phone="13800138000")
    assert session["account"] == {"id": session["account"]["id"], "username": "zhang_san",
                                  "phone": "138****8000", "wechat_bound": False}
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {session['token']}"})
    assert me.status_code == 200 and me.json["username"] == "zhang_san"
    assert session["expires_at"].endswith("+08:00")


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"password": "Passw0rd2024", "phone": "13800138000", "sms_code": "123456"}, "username", "请填写用户名"),
    ({"username": "", "password": "Passw0rd2024", "phone": "13800138000", "sms_code": "123456"}, "username", "请填写用户名"),
    ({"username": 12345, "password": "Passw0rd2024", "phone": "13800138000", "sms_code": "123456"}, "username", "用户名格式不正确"),
    ({"username": "z" * 21, "password": "Passw0rd2024", "phone": "13800138000", "sms_code": "123456"}, "username", "用户名须为4-20位字母、数字或下划线，且以字母开头"),
    ({"username": "zhangsan", "password": "Passw0rd2024", "phone": "1380013800", "sms_code": "123456"}, "phone", "请输入正确的11位手机号"),
    ({"username": "zhangsan", "password": "Passw0rd2024", "phone": "12800138000", "sms_code": "123456"}, "phone", "请输入正确的11位手机号"),
    ({"username": "zhangsan", "password": "password", "phone": "13800138000", "sms_code": "123456"}, "password", "密码至少8位，且须同时包含字母和数字"),
    ({"username": "zhangsan", "password": "1234567a", "phone": "13800138000", "sms_code": "12345"}, "sms_code", "请输入6位数字验证码"),
    ({"username": "zhangsan", "password": "Pw1", "phone": "13800138000", "sms_code": "123456"}, "password", "密码至少8位，且须同时包含字母和数字"),
    ({"username": "zhangsan", "password": "x" * 65 + "1", "phone": "13800138000", "sms_code": "123456"}, "password", "密码不能超过64个字符"),
    ({"username": "zhangsan", "password": "Passw0rd2024", "phone": "13800138000", "sms_code": "123456", "role": "admin"}, "role", "不支持的字段"),
])
def test_bad_input_names_the_field_in_chinese_and_writes_nothing(app, client, body, field, message):
    response = client.post("/api/v1/accounts", json=body)
    assert response.status_code == 422
    assert response.json["code"] == "invalid"
    assert response.json["fields"][field] == message
    assert account_count(app) == 0


def test_several_bad_fields_are_reported_at_once(client):
    response = client.post("/api/v1/accounts", json={"username": "1", "password": "short", "phone": "1"})
    assert response.status_code == 422
    assert set(response.json["fields"]) == {"username", "password", "phone", "sms_code"}
    assert response.json["message"] == "有4项填写有误，请检查"


def test_a_body_that_is_not_json_is_refused_in_chinese(client):
    response = client.post("/api/v1/accounts", data="{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"code": "bad_request", "message": "请求内容不是有效的 JSON", "fields": {}}
    listed = client.post("/api/v1/accounts", json=["zhangsan"])
    assert listed.status_code == 400 and listed.json["message"] == "请求内容须为 JSON 对象"


def test_a_taken_username_is_refused_whatever_its_case(app, client, register, send_code):
    register(username="zhangsan", phone="13800138000")
    code = send_code("13900139000")
    response = client.post("/api/v1/accounts", json={
        "username": "ZhangSan", "password": "Passw0rd2024", "phone": "13900139000", "sms_code": code})
    assert response.status_code == 409
    assert response.json["fields"] == {"username": "该用户名已被使用"}
    assert account_count(app) == 1


def test_a_registered_phone_cannot_get_a_registration_code(client, register):
    register(phone="13800138000")
    response = client.post("/api/v1/sms-codes", json={"phone": "13800138000", "purpose": "register"})
    assert response.status_code == 409
    assert response.json["fields"] == {"phone": "该手机号已注册，请直接登录"}


def test_a_used_code_cannot_register_a_second_account(app, client, send_code):
    code = send_code("13800138000")
    first = {"username": "zhangsan", "password": "Passw0rd2024", "phone": "13800138000", "sms_code": code}
    assert client.post("/api/v1/accounts", json=first).status_code == 201
    again = client.post("/api/v1/accounts", json={**first, "username": "lisi"})
    assert again.status_code == 409  # the phone is now taken, before the code is even looked at
    assert account_count(app) == 1


def test_a_code_for_another_phone_does_not_register(app, client, send_code):
    send_code("13800138000")
    response = client.post("/api/v1/accounts", json={
        "username": "zhangsan", "password": "Passw0rd2024", "phone": "13900139000", "sms_code": "000000"})
    assert response.status_code == 422
    assert response.json["fields"] == {"sms_code": "请先获取短信验证码"}
    assert account_count(app) == 0
