"""Bearer-token authentication of the mini-program API."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from sqlalchemy import bindparam, select

from server.accounts import tokens
from server.accounts.models import Account, ApiToken
from server.accounts.tokens import Login
from server.batches.models import Batch
from server.batches.services import MOMENT, current_batch_id
from server.clock import now
from server.errors import NotLoggedIn
from server.extensions import db

BEARER_SECURITY = [{"bearer": []}]

# The login behind a token, its account, and the current batch (None: there is none), built once:
# nearly every applicant's request asks for the batch next, and on PostgreSQL a statement of its
# own is a round trip of its own.
_LOGIN = (select(*tokens.LOGIN_COLUMNS, Account, Batch)
          .select_from(tokens.LOGINS.outerjoin(Batch, Batch.id == current_batch_id(MOMENT)))
          .where(ApiToken.id == bindparam("token_id")))


def bearer_token() -> str:
    """The request's bearer token, or NotLoggedIn."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotLoggedIn("请先登录")
    return token.strip()


def authenticate() -> None:
    """Put the login behind the request's bearer token, its account and the current batch (for
    server.batches.services.current_batch) into `g`, or refuse."""
    token_id = tokens.token_id_of(bearer_token())
    row = db.session.execute(_LOGIN, {"token_id": token_id, "moment": now()}).one_or_none()
    g.login = tokens.login_from(token_id, row)
    g.account, g.current_batch = row.Account, row.Batch


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
