"""Changing the password, the phone, and resetting a forgotten password."""
from __future__ import annotations

from tests.fixtures.accounts import bearer

PASSWORD = "Passw0rd2024"


def login(client, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/sessions/password", json={"login": "zhang_san", "password": password})
    assert response.status_code == 200, response.json
    return response.json["token"]


def test_changing_the_password_ends_every_other_login(client, register):
    first = register()["token"]
    second = login(client)
    response = client.post("/api/v1/me/password", headers=bearer(first),
                           json={"old_password": PASSWORD, "new_password": "NewPassw0rd"})
    assert response.status_code == 200
    new_token = response.json["token"]
    for old in (first, second):
        refused = client.get("/api/v1/me", headers=bearer(old))
        assert refused.status_code == 401 and refused.json["message"] == "登录已失效，请重新登录"
    assert client.get("/api/v1/me", headers=bearer(new_token)).status_code == 200
    assert client.post("/api/v1/sessions/password",
                       json={"login": "zhang_san", "password": PASSWORD}).status_code == 422
    login(client, "NewPassw0rd")


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(client, register):
    token = register()["token"]
    wrong = client.post("/api/v1/me/password", headers=bearer(token),
                        json={"old_password": "Wrong0000", "new_password": "NewPassw0rd"})
    assert wrong.status_code == 422 and wrong.json["fields"] == {"old_password": "原密码不正确"}
    weak = client.post("/api/v1/me/password", headers=bearer(token),
                       json={"old_password": PASSWORD, "new_password": "12345678"})
    assert weak.status_code == 422
    assert weak.json["fields"] == {"new_password": "密码至少8位，且须同时包含字母和数字"}
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    login(client)


def test_change_phone_with_a_code_sent_to_the_new_number(client, register, send_code, sandbox):
    token = register(phone="13800138000")["token"]
    code = send_code("13900139000", "change_phone", token=token)
    assert sandbox.recorder.sms_messages[-1].phone.endswith("13900139000")
    response = client.post("/api/v1/me/phone", headers=bearer(token),
                           json={"phone": "13900139000", "sms_code": code})
    assert response.status_code == 200 and response.json["phone"] == "139****9000"
    assert client.post("/api/v1/sessions/password",
                       json={"login": "13900139000", "password": PASSWORD}).status_code == 200


def test_change_phone_needs_a_login_and_a_free_number(client, register, clock):
    refused = client.post("/api/v1/sms-codes", json={"phone": "13900139000", "purpose": "change_phone"})
    assert refused.status_code == 401
    token = register(username="zhangsan", phone="13800138000")["token"]
    clock.shift(61)
    register(username="lisi", phone="13900139000")
    taken = client.post("/api/v1/sms-codes", headers=bearer(token),
                        json={"phone": "13900139000", "purpose": "change_phone"})
    assert taken.status_code == 409 and taken.json["fields"] == {"phone": "该手机号已注册，请直接登录"}


def test_reset_a_forgotten_password_by_sms(client, register, send_code, clock):
    token = register(phone="13800138000")["token"]
    clock.shift(61)
    code = send_code("13800138000", "reset_password")
    response = client.post("/api/v1/password-resets",
                           json={"phone": "13800138000", "sms_code": code, "new_password": "Fresh2025pw"})
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    login(client, "Fresh2025pw")


def test_an_expired_token_is_refused(app, client, register, clock):
    token = register()["token"]
    clock.shift(app.config["API_TOKEN_TTL_HOURS"] * 3600 + 1)
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json["message"] == "登录已过期，请重新登录"


def test_a_forged_token_is_refused(client, register):
    token = register()["token"]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for header in (bearer(forged), bearer("not-a-token"), {"Authorization": "Basic abc"}, {}):
        response = client.get("/api/v1/me", headers=header)
        assert response.status_code == 401 and response.json["code"] == "not_logged_in"
