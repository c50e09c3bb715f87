"""SMS codes: 6 digits, 5 minutes, single use, 5 wrong tries, 1 a minute, 10 a day, a per-IP limit."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from server.accounts.models import SmsCode
from server.extensions import db

PHONE = "13800138000"


def register_with(client, code: str, username: str = "zhangsan"):
    return client.post("/api/v1/accounts", json={
        "username": username, "password": "Passw0rd2024", "phone": PHONE, "sms_code": code})


def test_a_code_is_six_digits_and_stored_only_as_a_hash(app, send_code):
    code = send_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    with app.app_context():
        row = db.session.execute(select(SmsCode)).scalar_one()
        assert code not in row.code_hash and len(row.code_hash) == 64


def test_the_server_never_logs_the_code(app, client, sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"})
    assert response.status_code == 202
    code = sandbox.recorder.sms_messages[-1].code
    leaked = [r for r in caplog.records if code in r.getMessage() and not r.name.startswith("server.sandbox")]
    assert leaked == []


def test_a_code_expires_after_five_minutes(client, send_code, clock):
    code = send_code(PHONE)
    clock.shift(5 * 60 + 1)
    response = register_with(client, code)
    assert response.status_code == 422
    assert response.json["fields"] == {"sms_code": "验证码已过期，请重新获取"}


def test_the_sixth_try_is_refused_even_with_the_right_code(client, send_code):
    code = send_code(PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    messages = [register_with(client, wrong).json["fields"]["sms_code"] for _ in range(5)]
    assert messages[0] == "验证码不正确，还可尝试4次"
    assert messages[-1] == "验证码错误次数过多，请重新获取"
    response = register_with(client, code)
    assert response.status_code == 422
    assert response.json["fields"] == {"sms_code": "验证码错误次数过多，请重新获取"}


def test_a_second_code_within_a_minute_is_refused_with_the_wait(client, send_code, clock):
    send_code(PHONE)
    clock.shift(30)
    response = client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"})
    assert response.status_code == 429
    assert response.json["fields"] == {"phone": "验证码发送太频繁，请30秒后再试"}
    assert response.headers["Retry-After"] == "30"
    clock.shift(30)
    assert client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"}).status_code == 202


def test_the_eleventh_code_in_a_beijing_day_is_refused_until_midnight(client, send_code, clock, sandbox):
    for _ in range(10):
        send_code(PHONE)
        clock.shift(61)
    response = client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"})
    assert response.status_code == 429
    assert response.json["message"] == "该手机号今日获取验证码已达10次上限，请明天再试"
    assert len([m for m in sandbox.recorder.sms_messages if m.phone.endswith(PHONE)]) == 10
    # The clock started at 12:00 Beijing time; the day ends at midnight Beijing time.
    assert int(response.headers["Retry-After"]) == 12 * 3600 - 10 * 61
    clock.shift(12 * 3600)
    assert client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"}).status_code == 202


def test_a_new_code_replaces_the_old_one(client, send_code, clock):
    first = send_code(PHONE)
    clock.shift(61)
    second = send_code(PHONE)
    if first != second:
        assert register_with(client, first).status_code == 422
    assert register_with(client, second).status_code == 201


def test_one_address_cannot_send_codes_to_many_phones(app, client):
    app.config["SMS_PER_IP_LIMIT"] = "3 per hour"
    try:
        responses = [client.post("/api/v1/sms-codes", json={"phone": f"1380013800{i}", "purpose": "register"})
                     for i in range(4)]
    finally:
        app.config["SMS_PER_IP_LIMIT"] = "20 per hour"
    assert [r.status_code for r in responses] == [202, 202, 202, 429]
    refused = responses[-1]
    assert refused.json == {"code": "too_many_requests", "message": "操作太频繁，请稍后再试", "fields": {}}
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600


def test_a_failed_delivery_sends_nothing_and_keeps_the_budget(app, client, sandbox):
    sandbox.faults.fail_next("/", times=1, status=500)
    response = client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"})
    assert response.status_code == 503
    with app.app_context():
        assert db.session.execute(select(SmsCode)).first() is None
    assert client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "register"}).status_code == 202


@pytest.mark.parametrize("purpose", ["login", "reset_password"])
def test_asking_for_a_login_code_does_not_tell_who_is_registered(client, register, sandbox, clock, purpose):
    register(phone=PHONE)
    clock.shift(61)
    stranger = "13900139000"
    asked = {phone: client.post("/api/v1/sms-codes", json={"phone": phone, "purpose": purpose})
             for phone in (PHONE, stranger)}
    assert [(r.status_code, r.json) for r in asked.values()] == [(202, {"retry_after": 60, "expires_in": 300})] * 2
    assert {m.phone[-11:] for m in sandbox.recorder.sms_messages[-2:]} == {PHONE, stranger}
    again = [client.post("/api/v1/sms-codes", json={"phone": phone, "purpose": purpose}) for phone in asked]
    assert [r.status_code for r in again] == [429, 429] and again[0].json["message"] == again[1].json["message"]


def test_a_wrong_login_code_reads_the_same_for_a_registered_and_an_unknown_phone(client, register, send_code, clock):
    register(phone=PHONE)
    clock.shift(61)
    stranger = "13900139000"
    answers = []
    for phone in (PHONE, stranger):
        send_code(phone, "login")
        wrong = client.post("/api/v1/sessions/sms", json={"phone": phone, "sms_code": "000000"})
        answers.append((wrong.status_code, wrong.json))
    assert answers[0] == answers[1] and answers[0][0] == 422
    # Only the holder of the unknown phone, with its real code, learns that it is not registered.
    clock.shift(61)
    code = send_code(stranger, "login")
    holder = client.post("/api/v1/sessions/sms", json={"phone": stranger, "sms_code": code})
    assert holder.status_code == 404 and holder.json["fields"] == {"phone": "该手机号未注册"}


def test_an_unknown_purpose_is_refused(client):
    response = client.post("/api/v1/sms-codes", json={"phone": PHONE, "purpose": "spam"})
    assert response.status_code == 422
    assert response.json["fields"]["purpose"].startswith("用途须为以下之一")
