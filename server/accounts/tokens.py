"""Bearer tokens of the mini-program, and WeChat bind tickets.

A token is the id of an `ApiToken` row, signed with the app's secret: a forged token is refused
without a database lookup, and a stolen one can be revoked (logout, password change).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import Row, update

from server.accounts.models import Account, ApiToken
from server.clock import now
from server.errors import InvalidInput, NotLoggedIn
from server.extensions import db

BIND_TICKET_SECONDS = 600


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    account: Account


@dataclass(frozen=True)
class WechatIdentity:
    openid: str
    unionid: str | None


def _token_serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="api-token")


def _ticket_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="wechat-bind-ticket")


def issue_token(account: Account) -> IssuedToken:
    ttl = timedelta(hours=current_app.config["API_TOKEN_TTL_HOURS"])
    row = ApiToken(id=secrets.token_urlsafe(32), account_id=account.id, expires_at=now() + ttl)
    db.session.add(row)
    return IssuedToken(_token_serializer(current_app.config["SECRET_KEY"]).dumps(row.id), row.expires_at, account)


_tokens, _accounts = ApiToken.__table__.c, Account.__table__.c
# What a login reads, from where: queries that need more than the login join these.
LOGIN_COLUMNS = (_tokens.account_id, _tokens.expires_at, _tokens.revoked_at, _accounts.phone)
LOGINS = ApiToken.__table__.join(Account.__table__, _accounts.id == _tokens.account_id)


@dataclass(frozen=True)
class Login:
    """Who is behind a live bearer token: what every authenticated request needs first."""

    token_id: str
    account_id: int
    phone: str


def login_from(token_id: str, row: Row | None) -> Login:
    """The login in a row selecting LOGIN_COLUMNS for the token (None: no such token)."""
    _check_live(row)
    return Login(token_id, row.account_id, row.phone)


def _check_live(row: Row | None) -> None:
    if row is None or row.revoked_at is not None:
        raise NotLoggedIn("登录已失效，请重新登录")
    if row.expires_at <= now():
        raise NotLoggedIn("登录已过期，请重新登录")


def token_id_of(token: str) -> str:
    """The token row's id a bearer token names, if its signature holds."""
    try:
        token_id = _signed_token_id(current_app.config["SECRET_KEY"], token)
    except BadSignature:
        raise NotLoggedIn("登录凭证无效，请重新登录") from None
    if not isinstance(token_id, str):
        raise NotLoggedIn("登录已失效，请重新登录")
    return token_id


@lru_cache(maxsize=4096)
def _signed_token_id(secret: str, token: str) -> object:
    """A signature checked once per process and token (every request of a login repeats it);
    a forged token raises and so is never kept."""
    return _token_serializer(secret).loads(token)


def revoke(row: ApiToken) -> None:
    row.revoked_at = now()


def revoke_all(account_id: int) -> None:
    db.session.execute(update(ApiToken)
                       .where(ApiToken.account_id == account_id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now()))


def issue_bind_ticket(identity: WechatIdentity) -> tuple[str, datetime]:
    ticket = _ticket_serializer().dumps({"openid": identity.openid, "unionid": identity.unionid})
    return ticket, now() + timedelta(seconds=BIND_TICKET_SECONDS)


def read_bind_ticket(ticket: str) -> WechatIdentity:
    try:
        data = _ticket_serializer().loads(ticket, max_age=BIND_TICKET_SECONDS)
    except SignatureExpired:
        raise InvalidInput.field("bind_ticket", "微信绑定已超时，请重新点击微信登录") from None
    except BadSignature:
        raise InvalidInput.field("bind_ticket", "微信绑定凭证无效，请重新点击微信登录") from None
    return WechatIdentity(data["openid"], data.get("unionid"))
