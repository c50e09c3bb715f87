"""Bearer-token authentication of the mini-program API."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request

from server.accounts import tokens
from server.accounts.models import Account, ApiToken
from server.errors import NotLoggedIn

BEARER_SECURITY = [{"bearer": []}]


def authenticate() -> None:
    """Load the account behind the request's bearer token into `g`, or refuse."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotLoggedIn("请先登录")
    row = tokens.token_row(token.strip())
    g.token_row = row
    g.account = row.account


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        authenticate()
        return view(*args, **kwargs)

    return wrapper


def current_account() -> Account:
    return g.account


def current_token() -> ApiToken:
    return g.token_row
