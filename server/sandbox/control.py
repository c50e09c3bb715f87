"""/sandbox/...: play the user's side and inject faults over HTTP (the dev server's demo uses these;
tests mostly use the same operations through SandboxServer's Python API)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request

from server.sandbox.context import SandboxContext
from server.sandbox.wechat.common import error_body

bp = Blueprint("sandbox_control", __name__, url_prefix="/sandbox")


def _context() -> SandboxContext:
    return current_app.extensions["sandbox"]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.post("/reset")
def reset():
    _context().reset()
    return jsonify({"ok": True})


@bp.post("/wechat/login-code")
def login_code():
    """wx.login() for a user: {"openid"?: str, "unionid"?: str} → {"code", "openid", "unionid"}."""
    body = _body()
    minted = _context().wechat.mint_login_code(body.get("openid") or None, body.get("unionid") or None)
    return jsonify({"code": str(minted), "openid": minted.openid, "unionid": minted.unionid})


@bp.post("/wechat/invalidate-tokens")
def invalidate_tokens():
    _context().wechat.invalidate_tokens()
    return jsonify({"ok": True})


@bp.post("/wechat/expire-tokens")
def expire_tokens():
    _context().wechat.expire_tokens()
    return jsonify({"ok": True})


@bp.post("/wechat/broken-tokens")
def broken_tokens():
    _context().wechat.set_broken_tokens(bool(_body().get("enabled", True)))
    return jsonify({"ok": True})


@bp.get("/faults")
def list_faults():
    return jsonify(_context().faults.as_json())


@bp.post("/faults")
def add_fault():
    """{"path", "times"?, "delay_seconds"?} delays; {"path", "times"?, "hang": true} hangs and drops;
    {"path", "times"?, "errcode"} answers that
    WeChat errcode; {"path", "times"?, "garbage": text} answers that text as HTML with a 200;
    {"path", "times"?, "status"?, "body"?} fails."""
    body = _body()
    path, times = body.get("path"), int(body.get("times", 1))
    if not isinstance(path, str) or times < 1:
        abort(400)
    faults = _context().faults
    if body.get("hang") is True:
        faults.hang_next(path, times)
    elif body.get("delay_seconds"):
        faults.delay_next(path, float(body["delay_seconds"]), times)
    elif isinstance(body.get("garbage"), str):
        faults.garbage_next(path, times, body=body["garbage"].encode())
    elif isinstance(body.get("errcode"), int):
        faults.fail_next(path, times, status=200, body=error_body(body["errcode"]))
    else:
        faults.fail_next(path, times, status=int(body.get("status", 500)), body=body.get("body"))
    return jsonify(faults.as_json())


@bp.delete("/faults")
def clear_faults():
    _context().faults.clear()
    return jsonify({"ok": True})


@bp.get("/records")
def records():
    return jsonify(_context().recorder.as_json())
