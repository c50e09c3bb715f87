"""What every WeChat stand-in endpoint shares: the error shape and the access_token check.

Later WeChat areas (payments, messages, QR codes, official-account events) are further blueprints
in this package that call `require_access_token()` the way /cgi-bin/getcallbackip does.
"""
from __future__ import annotations

import secrets

from flask import Response, current_app, jsonify, request

from server.sandbox.wechat.world import OK, WeChatWorld

ERRMSG = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40013: "invalid appid",
    40029: "invalid code",
    40125: "invalid appsecret",
    40163: "code been used",
    41001: "access_token missing",
    41008: "missing code",
    42001: "access_token expired",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
}


def world() -> WeChatWorld:
    return current_app.extensions["sandbox"].wechat


def wechat_error(errcode: int) -> Response:
    """WeChat answers errors with HTTP 200 and {errcode, errmsg} (errmsg carries a request id)."""
    rid = f"{secrets.token_hex(4)}-{secrets.token_hex(4)}"
    return jsonify({"errcode": errcode, "errmsg": f"{ERRMSG.get(errcode, 'error')} rid: {rid}"})


def require_access_token() -> Response | None:
    """None if the request's access_token is good, else WeChat's error (41001/40001/42001)."""
    errcode = world().check_token(request.args.get("access_token"))
    return None if errcode == OK else wechat_error(errcode)
