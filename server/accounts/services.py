"""Applicant account services: registration, the three logins, and account changes.

Each function is one transaction (`atomic`): it checks, changes and audits, or changes nothing.
SMS codes are sent once the code is committed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server import outside
from server.accounts import lockout, sms_codes, tokens
from server.accounts.actors import Actor
from server.accounts.models import Account, ApiToken, SmsPurpose
from server.accounts.passwords import hash_password, verify_password
from server.accounts.rules import is_phone
from server.accounts.tokens import IssuedToken, WechatIdentity
from server.audit.services import record
from server.clock import now
from server.errors import Conflict, DomainError, InvalidInput, NotFound
from server.extensions import db
from server.legal.documents import check_agreed
from server.transactions import after_commit, atomic

WRONG_PASSWORD = "用户名或密码错误"
OWN_PHONE = "请输入本账号绑定的手机号"
UNREGISTERED = "该手机号未注册"


@dataclass(frozen=True)
class BindRequired:
    """A WeChat user with no account yet: log in once by password or SMS to bind."""

    bind_ticket: str
    expires_at: datetime


def _account_by_phone(phone: str) -> Account | None:
    return db.session.execute(select(Account).where(Account.phone == phone)).scalar_one_or_none()


def _ensure_phone_free(phone: str) -> None:
    if _account_by_phone(phone) is not None:
        raise Conflict("该手机号已注册，请直接登录", {"phone": "该手机号已注册，请直接登录"})


@atomic
def request_sms_code(phone: str, purpose: SmsPurpose, account: Account | None = None) -> None:
    """Send a code after checking that the purpose makes sense for this phone.

    A login or password-reset code is sent whether or not the phone is registered: the answer
    (status, body, the limits, the SMS provider's round trip) is the same for both, so asking does
    not tell who has an account. Only the phone's holder, entering the code, learns that it is not
    registered (`login_with_sms`, `reset_password`)."""
    if purpose in (SmsPurpose.register, SmsPurpose.change_phone):
        _ensure_phone_free(phone)
    elif purpose is SmsPurpose.delete_account and (account is None or phone != account.phone):
        raise InvalidInput.field("phone", OWN_PHONE)
    sms_codes.reserve_sending_slot(phone)
    code = sms_codes.create_code(phone, purpose)
    after_commit(lambda: _deliver(phone, purpose, code))


def _deliver(phone: str, purpose: SmsPurpose, code: str) -> None:
    """Send the committed code; if the provider fails, the code is void and the budget restored."""
    try:
        outside.sms_sender().send_code(phone, code, int(sms_codes.CODE_TTL.total_seconds() // 60))
    except DomainError:
        sms_codes.cancel_undelivered(phone, purpose, code)
        raise


def _bind(account: Account, bind_ticket: str | None) -> None:
    if not bind_ticket:
        return
    identity = tokens.read_bind_ticket(bind_ticket)
    if account.wechat_openid not in (None, identity.openid):
        raise Conflict("该账号已绑定其他微信", {"bind_ticket": "该账号已绑定其他微信"})
    owner = db.session.execute(
        select(Account).where(Account.wechat_openid == identity.openid)).scalar_one_or_none()
    if owner is not None and owner.id != account.id:
        raise Conflict("该微信已绑定其他账号", {"bind_ticket": "该微信已绑定其他账号"})
    account.wechat_openid = identity.openid
    account.wechat_unionid = identity.unionid or account.wechat_unionid
    record(Actor.applicant(account.id), "account.wechat_bound", "account", account.id)


def _commit_login(account: Account, bind_ticket: str | None) -> IssuedToken:
    _bind(account, bind_ticket)
    lockout.record_success(account)
    issued = tokens.issue_token(account)
    try:
        db.session.flush()
    except IntegrityError:  # the same WeChat user bound by a parallel request
        raise Conflict("该微信已绑定其他账号", {"bind_ticket": "该微信已绑定其他账号"}) from None
    return issued


@atomic
def register(username: str, password: str, phone: str, sms_code: str,
             bind_ticket: str | None = None, agreed_versions: dict[str, str] | None = None) -> IssuedToken:
    """A new account; `agreed_versions` (the user agreement and privacy policy shown) must be current."""
    username = username.lower()  # usernames are case-insensitive
    agreed = {} if agreed_versions is None else {"agreed_versions": check_agreed(agreed_versions)}
    if db.session.execute(select(Account.id).where(Account.username == username)).first():
        raise Conflict("该用户名已被使用", {"username": "该用户名已被使用"})
    _ensure_phone_free(phone)
    sms_codes.consume_code(phone, SmsPurpose.register, sms_code)
    account = Account(username=username, phone=phone, password_hash=hash_password(password))
    db.session.add(account)
    try:
        db.session.flush()
    except IntegrityError:  # a parallel registration took the username or the phone
        raise Conflict("该用户名或手机号已被注册", {"username": "该用户名或手机号已被注册"}) from None
    record(Actor.applicant(account.id), "account.registered", "account", account.id, **agreed)
    return _commit_login(account, bind_ticket)


def _locked_row(query) -> Account | None:
    return db.session.execute(query.with_for_update()).scalar_one_or_none()


@atomic
def login_with_password(login: str, password: str, bind_ticket: str | None = None) -> IssuedToken:
    column = Account.phone if is_phone(login) else Account.username
    account = _locked_row(select(Account).where(column == login.lower()))
    if account is None:
        verify_password(None, password)  # same work as a real check: no timing oracle
        raise InvalidInput(WRONG_PASSWORD, {"password": WRONG_PASSWORD})
    lockout.check_password(account, password, "password", WRONG_PASSWORD)
    return _commit_login(account, bind_ticket)


@atomic
def login_with_sms(phone: str, sms_code: str, bind_ticket: str | None = None) -> IssuedToken:
    """The code is checked first, the same way for every phone: only its holder learns whether the
    phone is registered."""
    account = _locked_row(select(Account).where(Account.phone == phone))
    sms_codes.consume_code(phone, SmsPurpose.login, sms_code)
    if account is None:
        raise NotFound(UNREGISTERED, {"phone": UNREGISTERED})
    return _commit_login(account, bind_ticket)


@atomic
def login_with_wechat(code: str) -> IssuedToken | BindRequired:
    session = outside.wechat_login(code)
    account = db.session.execute(
        select(Account).where(Account.wechat_openid == session.openid)).scalar_one_or_none()
    if account is None:
        ticket, expires_at = tokens.issue_bind_ticket(WechatIdentity(session.openid, session.unionid))
        return BindRequired(ticket, expires_at)
    if session.unionid and not account.wechat_unionid:
        account.wechat_unionid = session.unionid
    return tokens.issue_token(account)


@atomic
def logout(row: ApiToken) -> None:
    tokens.revoke(row)


@atomic
def change_password(account: Account, old_password: str, new_password: str) -> IssuedToken:
    """Every token of the account stops working; the answer carries the one new token."""
    account = _locked_row(select(Account).where(Account.id == account.id))
    lockout.check_password(account, old_password, "old_password", "原密码不正确")
    if old_password == new_password:
        raise InvalidInput("新密码不能与原密码相同", {"new_password": "新密码不能与原密码相同"})
    _set_password(account, new_password)
    record(Actor.applicant(account.id), "account.password_changed", "account", account.id)
    return tokens.issue_token(account)


def _set_password(account: Account, new_password: str) -> None:
    account.password_hash = hash_password(new_password)
    account.password_changed_at = now()
    lockout.record_success(account)
    tokens.revoke_all(account.id)


@atomic
def reset_password(phone: str, sms_code: str, new_password: str) -> None:
    account = _locked_row(select(Account).where(Account.phone == phone))
    sms_codes.consume_code(phone, SmsPurpose.reset_password, sms_code)  # first, as in login_with_sms
    if account is None:
        raise NotFound(UNREGISTERED, {"phone": UNREGISTERED})
    _set_password(account, new_password)
    record(Actor.applicant(account.id), "account.password_reset", "account", account.id)


@atomic
def change_phone(account: Account, phone: str, sms_code: str) -> Account:
    if phone == account.phone:
        raise InvalidInput("新手机号与当前手机号相同", {"phone": "新手机号与当前手机号相同"})
    _ensure_phone_free(phone)
    sms_codes.consume_code(phone, SmsPurpose.change_phone, sms_code)
    old = account.phone
    account.phone = phone
    record(Actor.applicant(account.id), "account.phone_changed", "account", account.id,
           old=old[-4:], new=phone[-4:])
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict("该手机号已注册", {"phone": "该手机号已注册"}) from None
    return account
