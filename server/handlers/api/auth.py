"""Bearer-token authentication of the mini-program API."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request

from server.accounts import tokens
from server.accounts.models import Account, ApiToken
from server.accounts.tokens import Login
from server.errors import NotLoggedIn
from server.extensions import db

BEARER_SECURITY = [{"bearer": []}]


def bearer_token() -> str:
    """The request's bearer token, or NotLoggedIn."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotLoggedIn("请先登录")
    return token.strip()


def authenticate() -> None:
    """Put the login behind the request's bearer token and its account into `g`, or refuse."""
    g.login, g.account = tokens.login_of(bearer_token())


def authenticated_as(login: Login) -> None:
    """For a handler that read the login together with what else it needs, in one statement (the
    account is loaded when the handler asks for it)."""
    g.login = login


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        authenticate()
        return view(*args, **kwargs)

    return wrapper


def current_login() -> Login:
    return g.login


def current_account() -> Account:
    if "account" not in g:
        g.account = db.session.get(Account, g.login.account_id)
    return g.account


def current_token() -> ApiToken:
    return db.session.get(ApiToken, g.login.token_id)
