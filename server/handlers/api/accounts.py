"""Accounts API: SMS codes, registration, logins, logout and account changes."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app

from server.accounts import deletion, rules, services
from server.accounts.models import SmsPurpose
from server.accounts.tokens import IssuedToken
from server.extensions import limiter
from server.handlers.api.auth import BEARER_SECURITY, authenticate, current_account, current_token, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime, Schema, choice, text

blp = ApiBlueprint("accounts", __name__, description="账号：注册、登录、修改密码与手机号、注销")

# Codes for these purposes go to a logged-in account's own (new) phone.
LOGGED_IN_PURPOSES = (SmsPurpose.change_phone, SmsPurpose.delete_account)


def _phone(label: str = "手机号"):
    return text(label, pattern=rules.PHONE_PATTERN, pattern_message=rules.PHONE_MESSAGE)


def _sms_code():
    return text("验证码", pattern=rules.SMS_CODE_PATTERN, pattern_message=rules.SMS_CODE_MESSAGE)


def _password(label: str = "密码"):
    return text(label, max_length=rules.PASSWORD_MAX)


def _new_password(label: str = "密码"):
    """A password being set: it must meet the policy."""
    field = _password(label)
    field.validators.append(_password_policy)
    return field


def _password_policy(value: str) -> None:
    problem = rules.password_problem(value)
    if problem:
        raise ma.ValidationError(problem)


def _bind_ticket():
    return text("微信绑定凭证", required=False, max_length=500, load_default=None)


class SmsCodeRequest(Schema):
    phone = _phone()
    purpose = choice("用途", [p.value for p in SmsPurpose])


class SmsCodeSent(ma.Schema):
    retry_after = ma.fields.Integer(metadata={"description": "再次获取前须等待的秒数"})
    expires_in = ma.fields.Integer(metadata={"description": "验证码有效秒数"})


class RegisterRequest(Schema):
    username = text("用户名", pattern=rules.USERNAME_PATTERN, pattern_message=rules.USERNAME_MESSAGE)
    password = _new_password()
    phone = _phone()
    sms_code = _sms_code()
    bind_ticket = _bind_ticket()
    agreed_versions = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.String(), load_default=None,
        metadata={"description": "已阅读并同意的用户协议、隐私政策版本：{\"user-agreement\": 版本, "
                                 "\"privacy-policy\": 版本}（见 GET /api/v1/legal）；记入审计日志"})


class PasswordLoginRequest(Schema):
    login = text("用户名或手机号", max_length=20)
    password = _password()
    bind_ticket = _bind_ticket()


class SmsLoginRequest(Schema):
    phone = _phone()
    sms_code = _sms_code()
    bind_ticket = _bind_ticket()


class WechatLoginRequest(Schema):
    code = text("微信登录凭证", max_length=128)


class AccountSchema(ma.Schema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    phone = ma.fields.Function(lambda account: rules.mask_phone(account.phone),
                               metadata={"description": "脱敏后的手机号"})
    wechat_bound = ma.fields.Function(lambda account: account.wechat_openid is not None)


class SessionSchema(ma.Schema):
    token = ma.fields.String()
    expires_at = BeijingDateTime()
    account = ma.fields.Nested(AccountSchema)


class WechatLoginResult(ma.Schema):
    status = ma.fields.String(metadata={"description": "logged_in 或 bind_required"})
    token = ma.fields.String()
    expires_at = BeijingDateTime()
    account = ma.fields.Nested(AccountSchema)
    bind_ticket = ma.fields.String()
    bind_ticket_expires_at = BeijingDateTime()


class DeleteAccountRequest(Schema):
    password = text("登录密码", required=False, max_length=rules.PASSWORD_MAX)
    sms_code = text("验证码", required=False, pattern=rules.SMS_CODE_PATTERN, pattern_message=rules.SMS_CODE_MESSAGE)


class ChangePasswordRequest(Schema):
    old_password = _password("原密码")
    new_password = _new_password("新密码")


class ChangePhoneRequest(Schema):
    phone = _phone("新手机号")
    sms_code = _sms_code()


class ResetPasswordRequest(Schema):
    phone = _phone()
    sms_code = _sms_code()
    new_password = _new_password("新密码")


def _session(issued: IssuedToken) -> dict:
    return {"token": issued.token, "expires_at": issued.expires_at, "account": issued.account}


def _sms_limit() -> str:
    return current_app.config["SMS_PER_IP_LIMIT"]


def _login_limit() -> str:
    return current_app.config["LOGIN_PER_IP_LIMIT"]


@blp.route("/sms-codes", methods=["POST"])
@limiter.limit(_sms_limit)
@blp.arguments(SmsCodeRequest)
@blp.response(202, SmsCodeSent)
def send_sms_code(body: dict):
    """获取短信验证码（修改手机号、注销账号时须登录；注销账号须填本账号的手机号）"""
    purpose = SmsPurpose(body["purpose"])
    account = None
    if purpose in LOGGED_IN_PURPOSES:
        authenticate()
        account = current_account()
    services.request_sms_code(body["phone"], purpose, account)
    return {"retry_after": 60, "expires_in": 300}


@blp.route("/accounts", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(RegisterRequest)
@blp.response(201, SessionSchema)
def register(body: dict):
    """注册（用户名、密码、手机号与短信验证码）"""
    return _session(services.register(body["username"], body["password"], body["phone"],
                                      body["sms_code"], body["bind_ticket"], body["agreed_versions"]))


@blp.route("/sessions/password", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(PasswordLoginRequest)
@blp.response(200, SessionSchema)
def login_with_password(body: dict):
    """用户名或手机号 + 密码登录"""
    return _session(services.login_with_password(body["login"], body["password"],
                                                 body["bind_ticket"]))


@blp.route("/sessions/sms", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(SmsLoginRequest)
@blp.response(200, SessionSchema)
def login_with_sms(body: dict):
    """手机号 + 短信验证码登录"""
    return _session(services.login_with_sms(body["phone"], body["sms_code"], body["bind_ticket"]))


@blp.route("/sessions/wechat", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(WechatLoginRequest)
@blp.response(200, WechatLoginResult)
def login_with_wechat(body: dict):
    """微信一键登录（wx.login 的 code）；未绑定的微信得到绑定凭证"""
    result = services.login_with_wechat(body["code"])
    if isinstance(result, services.BindRequired):
        return {"status": "bind_required", "bind_ticket": result.bind_ticket,
                "bind_ticket_expires_at": result.expires_at}
    return {"status": "logged_in", **_session(result)}


@blp.route("/sessions/current", methods=["DELETE"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(204)
@login_required
def logout():
    """退出登录"""
    services.logout(current_token())


@blp.route("/me", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, AccountSchema)
@login_required
def me():
    """当前账号"""
    return current_account()


@blp.route("/me/password", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(ChangePasswordRequest)
@blp.response(200, SessionSchema)
def change_password(body: dict):
    """修改密码：其他登录全部失效，返回新的令牌"""
    return _session(services.change_password(current_account(), body["old_password"],
                                             body["new_password"]))


@blp.route("/me/phone", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(ChangePhoneRequest)
@blp.response(200, AccountSchema)
def change_phone(body: dict):
    """修改手机号（验证码发送到新手机号）"""
    return services.change_phone(current_account(), body["phone"], body["sms_code"])


@blp.route("/password-resets", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(ResetPasswordRequest)
@blp.response(204)
def reset_password(body: dict):
    """忘记密码：用短信验证码设置新密码"""
    services.reset_password(body["phone"], body["sms_code"], body["new_password"])


@blp.route("/accounts/me", methods=["DELETE"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(DeleteAccountRequest)
@blp.response(204)
@blp.alt_response(409, schema="Error", description="已提交过申报资料的账号不能注销")
def delete_account(body: dict):
    """注销账号（须从未提交过申报资料）：以登录密码或短信验证码（用途 delete_account）确认；
    草稿、上传的文件和登录一并删除，不能恢复"""
    deletion.delete_account(current_account().id, body.get("password"), body.get("sms_code"))
