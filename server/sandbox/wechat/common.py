"""What every WeChat stand-in endpoint shares: the error shape and the access_token check.

Each WeChat area is a blueprint in this package whose endpoints call `require_access_token()`,
naming the app whose token the real endpoint takes.
"""
from __future__ import annotations

import secrets

from flask import Response, current_app, jsonify, request

from server.sandbox.wechat.world import OK, WeChatWorld

ERRMSG = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40013: "invalid appid",
    40029: "invalid code",
    40037: "invalid template_id",
    40125: "invalid appsecret",
    40163: "code been used",
    41001: "access_token missing",
    41008: "missing code",
    42001: "access_token expired",
    43004: "require subscribe",
    43101: "user refuse to accept the msg",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit  mustslower  retry next minute",
    47001: "data format error",
    47003: "argument invalid!",
}


def world() -> WeChatWorld:
    return current_app.extensions["sandbox"].wechat


def error_body(errcode: int, detail: str | None = None) -> dict[str, object]:
    """WeChat's {errcode, errmsg}; errmsg ends in a request id, `detail` names what was wrong."""
    rid = f"{secrets.token_hex(4)}-{secrets.token_hex(4)}"
    message = ERRMSG.get(errcode, "error")
    return {"errcode": errcode, "errmsg": f"{message}{' ' + detail if detail else ''} rid: {rid}"}


def wechat_error(errcode: int, detail: str | None = None) -> Response:
    """WeChat answers errors with HTTP 200 and {errcode, errmsg}."""
    return jsonify(error_body(errcode, detail))


def wechat_ok(**fields: object) -> Response:
    return jsonify({"errcode": 0, "errmsg": "ok", **fields})


def require_access_token(appid: str | None = None) -> Response | None:
    """None if the request's access_token is good (and, with `appid`, that app's), else WeChat's
    error (41001/40001/42001)."""
    errcode = world().check_token(request.args.get("access_token"), appid)
    return None if errcode == OK else wechat_error(errcode)


def json_body() -> dict | None:
    """The request's JSON object, or None (WeChat then answers 47001)."""
    body = request.get_json(force=True, silent=True)
    return body if isinstance(body, dict) else None
