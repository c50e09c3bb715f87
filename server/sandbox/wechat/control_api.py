"""/sandbox/wechat/...: the WeChat world's controls over HTTP (JSON), for the demo and the pages.

Play the official account's user (text, follow, scan, menu click, leave), say where its pushes
go, hand out subscribe-message grants, and read what was sent to whom.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from flask import Blueprint, current_app, jsonify, request

from server.sandbox.records import OfficialAccountPush, SubscribeMessageSent, TemplateMessageSent
from server.sandbox.wechat.official_account_user import FORMATS, MODES, PushRefused

if TYPE_CHECKING:
    from server.sandbox.context import SandboxContext

bp = Blueprint("sandbox_wechat_control", __name__, url_prefix="/sandbox/wechat")

ACTIONS = ("text", "subscribe", "scan", "scan_qr", "click", "unsubscribe")


def _context() -> SandboxContext:
    return current_app.extensions["sandbox"]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _refused(message: str):
    return jsonify({"error": message}), 400


def _choice(values: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str) -> str:
    value = values.get(name) or default
    if value not in choices:
        raise PushRefused(f"{name} 须为 {'、'.join(choices)} 之一")
    return value


def perform(context: SandboxContext, values: Mapping[str, Any]) -> OfficialAccountPush:
    """One user action from form or JSON values: action, openid, content, scene, ticket, key,
    mode, format. Following or scanning without an openid is a new user."""
    action = _choice(values, "action", ACTIONS, "")
    options = {"mode": _choice(values, "mode", MODES, "safe"),
               "format": _choice(values, "format", FORMATS, "xml")}
    openid = (values.get("openid") or "").strip()
    if not openid and action in ("subscribe", "scan_qr"):
        openid = context.wechat.new_follower_openid()
    if not openid:
        raise PushRefused("openid 不能为空")
    user = context.official_account
    scene, ticket = values.get("scene") or None, values.get("ticket") or None
    if action == "text":
        if not values.get("content"):
            raise PushRefused("content 不能为空")
        return user.text(openid, values["content"], **options)
    if action == "subscribe":
        return user.subscribe(openid, scene=scene, ticket=ticket, **options)
    if action == "scan":
        return user.scan(openid, scene=scene, ticket=ticket, **options)
    if action == "scan_qr":
        if not ticket:
            raise PushRefused("ticket 不能为空")
        return user.scan_qr(openid, ticket, **options)
    if action == "click":
        if not values.get("key"):
            raise PushRefused("key 不能为空")
        return user.click(openid, values["key"], **options)
    return user.unsubscribe(openid, **options)


def messages_for(context: SandboxContext, openid: str | None) -> list[SubscribeMessageSent | TemplateMessageSent]:
    """Subscribe and template messages sent, newest first, to `openid` only when given."""
    sent = context.recorder.wechat_messages
    return [message for message in reversed(sent) if not openid or message.touser == openid]


@bp.get("/official-account/url")
def get_url():
    return jsonify({"url": _context().wechat.official_account_url})


@bp.post("/official-account/url")
def set_url():
    """{"url": our callback URL (http or https), or null to unset}."""
    url = _body().get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
        return _refused("url 须以 http:// 或 https:// 开头")
    _context().wechat.official_account_url = url
    return jsonify({"url": url})


@bp.post("/official-account/push")
def push():
    try:
        delivered = perform(_context(), _body())
    except PushRefused as error:
        return _refused(str(error))
    return jsonify(delivered.as_json())


@bp.get("/official-account/pushes")
def pushes():
    recorded = _context().recorder.of(OfficialAccountPush)
    return jsonify({"pushes": [push.as_json() for push in reversed(recorded)]})


@bp.post("/official-account/followers")
def add_follower():
    """{"openid"?, "unionid"?} → a follower (new when no openid), without a push (one who
    followed long ago); user/info reports the unionid when given."""
    context = _context()
    body = _body()
    openid = body.get("openid") or context.wechat.new_follower_openid()
    context.wechat.follow(openid, body.get("unionid") or None)
    return jsonify({"openid": openid, "unionid": context.wechat.follower_unionid(openid)})


@bp.get("/qr-codes")
def qr_codes():
    return jsonify({"qr_codes": [asdict(ticket) for ticket in _context().wechat.tickets()]})


@bp.post("/subscribe-grants")
def grant():
    """{"openid", "template_id", "times"?}: the user accepted wx.requestSubscribeMessage."""
    body = _body()
    openid, template_id, times = body.get("openid"), body.get("template_id"), body.get("times", 1)
    if not isinstance(openid, str) or not openid or not isinstance(template_id, str) or not template_id:
        return _refused("openid 和 template_id 不能为空")
    if not isinstance(times, int) or times < 1:
        return _refused("times 须为正整数")
    held = _context().wechat.grant_subscription(openid, template_id, times)
    return jsonify({"openid": openid, "template_id": template_id, "held": held})


@bp.get("/messages.json")
def messages_json():
    openid = request.args.get("openid") or None
    return jsonify({"messages": [message.as_json() for message in messages_for(_context(), openid)]})
