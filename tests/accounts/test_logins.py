"""The three logins: password (username or phone), SMS code, and WeChat with binding."""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.models import Account
from server.extensions import db
from tests.fixtures.accounts import bearer

PASSWORD = "Passw0rd2024"


def password_login(client, login: str, password: str = PASSWORD, **extra):
    return client.post("/api/v1/sessions/password", json={"login": login, "password": password, **extra})


def test_log_in_by_username_or_by_phone(client, register):
    register(username="zhangsan", phone="13800138000")
    by_name = password_login(client, "ZhangSan")
    by_phone = password_login(client, "13800138000")
    assert by_name.status_code == by_phone.status_code == 200
    assert by_name.json["account"]["username"] == by_phone.json["account"]["username"] == "zhangsan"
    assert by_name.json["token"] != by_phone.json["token"]


def test_a_wrong_password_and_an_unknown_user_read_the_same(client, register):
    register()
    wrong = password_login(client, "zhang_san", "Wrong0000")
    unknown = password_login(client, "nobody", "Wrong0000")
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.json == unknown.json == {"code": "invalid", "message": "用户名或密码错误",
                                          "fields": {"password": "用户名或密码错误"}}


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, register, clock):
    register()
    statuses = [password_login(client, "zhang_san", "Wrong0000").status_code for _ in range(5)]
    assert statuses == [422, 422, 422, 422, 423]
    sixth = password_login(client, "zhang_san", "Wrong0000")
    assert sixth.status_code == 423
    # 12:00 Beijing time + 15 minutes
    assert sixth.json["message"] == "密码错误次数过多，账号已锁定，请于 2026-11-25 12:15（北京时间）后再试"
    assert password_login(client, "zhang_san").status_code == 423  # even the right password
    clock.shift(15 * 60)
    assert password_login(client, "zhang_san").status_code == 200


def test_log_in_with_an_sms_code(client, register, send_code, clock):
    register(phone="13800138000")
    clock.shift(61)
    code = send_code("13800138000", "login")
    response = client.post("/api/v1/sessions/sms", json={"phone": "13800138000", "sms_code": code})
    assert response.status_code == 200 and response.json["account"]["username"] == "zhang_san"
    reused = client.post("/api/v1/sessions/sms", json={"phone": "13800138000", "sms_code": code})
    assert reused.status_code == 422
    assert reused.json["fields"] == {"sms_code": "验证码已使用，请重新获取"}


def test_a_registration_code_does_not_log_in(client, register, send_code, clock):
    register(phone="13800138000")
    clock.shift(61)
    code = send_code("13900139000", "register")
    response = client.post("/api/v1/sessions/sms", json={"phone": "13900139000", "sms_code": code})
    assert response.status_code == 422 and response.json["fields"] == {"sms_code": "请先获取短信验证码"}


def test_wechat_login_binds_on_first_password_login_and_logs_in_after(app, client, register, sandbox):
    register()
    first = client.post("/api/v1/sessions/wechat",
                        json={"code": sandbox.mint_login_code(openid="o-zhangsan", unionid="u-zhangsan")})
    assert first.status_code == 200
    assert first.json["status"] == "bind_required" and "token" not in first.json
    bound = password_login(client, "zhang_san", bind_ticket=first.json["bind_ticket"])
    assert bound.status_code == 200 and bound.json["account"]["wechat_bound"] is True
    again = client.post("/api/v1/sessions/wechat", json={"code": sandbox.mint_login_code(openid="o-zhangsan")})
    assert again.json["status"] == "logged_in"
    assert again.json["account"]["username"] == "zhang_san"
    with app.app_context():
        account = db.session.execute(select(Account)).scalar_one()
        assert (account.wechat_openid, account.wechat_unionid) == ("o-zhangsan", "u-zhangsan")


def test_a_wechat_code_works_once(client, sandbox):
    code = sandbox.mint_login_code(openid="o-once")
    assert client.post("/api/v1/sessions/wechat", json={"code": code}).status_code == 200
    reused = client.post("/api/v1/sessions/wechat", json={"code": code})
    assert reused.status_code == 422 and "code" in reused.json["fields"]


def test_wechat_unreachable_is_a_503_in_chinese(client, sandbox):
    sandbox.faults.fail_next("/sns/jscode2session", times=5, status=502)
    response = client.post("/api/v1/sessions/wechat", json={"code": sandbox.mint_login_code()})
    assert response.status_code == 503
    assert response.json["message"] == "微信服务暂时不可用，请稍后重试"


def test_one_wechat_user_cannot_bind_two_accounts(client, register, sandbox, clock):
    register(username="zhangsan", phone="13800138000")
    clock.shift(61)
    register(username="lisi", phone="13900139000")
    ticket = client.post("/api/v1/sessions/wechat",
                         json={"code": sandbox.mint_login_code(openid="o-shared")}).json["bind_ticket"]
    assert password_login(client, "zhangsan", bind_ticket=ticket).status_code == 200
    second = password_login(client, "lisi", bind_ticket=ticket)
    assert second.status_code == 409
    assert second.json["fields"] == {"bind_ticket": "该微信已绑定其他账号"}


def test_a_forged_or_stale_bind_ticket_is_refused(client, register, sandbox, clock):
    register()
    forged = password_login(client, "zhang_san", bind_ticket="eyJvcGVuaWQiOiJ4In0.forged")
    assert forged.status_code == 422
    assert forged.json["fields"] == {"bind_ticket": "微信绑定凭证无效，请重新点击微信登录"}
    ticket = client.post("/api/v1/sessions/wechat",
                         json={"code": sandbox.mint_login_code()}).json["bind_ticket"]
    clock.shift(601)
    stale = password_login(client, "zhang_san", bind_ticket=ticket)
    assert stale.json["fields"] == {"bind_ticket": "微信绑定已超时，请重新点击微信登录"}


def test_logout_ends_the_token(client, register):
    token = register()["token"]
    assert client.delete("/api/v1/sessions/current", headers=bearer(token)).status_code == 204
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json == {"code": "not_logged_in", "message": "登录已失效，请重新登录", "fields": {}}


def test_a_nul_character_in_the_login_is_a_422_not_a_500(client):
    """PostgreSQL cannot compare text with NUL in it: the field refuses it on every database."""
    response = password_login(client, "zhang\x00san")
    assert response.status_code == 422
    assert response.json["fields"] == {"login": "用户名或手机号含有无法识别的字符"}
