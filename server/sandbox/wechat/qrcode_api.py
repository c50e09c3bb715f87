"""/cgi-bin/qrcode/create (parameterised QR codes) and /cgi-bin/showqrcode (their images).

The sandbox remembers each ticket with its scene, so the user's side can "scan" it: a subscribe
event with `qrscene_<scene>` from a new follower, a SCAN event from a follower.
"""
from __future__ import annotations

import io

import qrcode
from flask import Blueprint, Response, current_app, request

from server.sandbox.records import QrCodeCreated
from server.sandbox.wechat.common import json_body, require_access_token, wechat_error, wechat_ok, world

bp = Blueprint("sandbox_wechat_qrcode", __name__)

TEMPORARY = ("QR_SCENE", "QR_STR_SCENE")
PERMANENT = ("QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE")
DEFAULT_SECONDS, MAX_SECONDS = 60, 30 * 24 * 3600  # WeChat's: 60 s unless told, 30 days at most
MAX_SCENE_STR = 64


def _scene(action_name: str, scene: object) -> str | None:
    """The scene as a string, if it is valid for `action_name`."""
    if not isinstance(scene, dict):
        return None
    if action_name.endswith("STR_SCENE"):
        value = scene.get("scene_str")
        return value if isinstance(value, str) and 1 <= len(value) <= MAX_SCENE_STR else None
    value = scene.get("scene_id")
    limit = 100000 if action_name == "QR_LIMIT_SCENE" else 2**32 - 1
    return str(value) if isinstance(value, int) and 0 < value <= limit else None


@bp.post("/cgi-bin/qrcode/create")
def create():
    context = current_app.extensions["sandbox"]
    refused = require_access_token(context.settings.oa_appid)
    if refused is not None:
        return refused
    body = json_body()
    if body is None:
        return wechat_error(47001)
    action_name = body.get("action_name")
    if action_name not in TEMPORARY + PERMANENT:
        return wechat_error(47003, "action_name invalid")
    scene = _scene(action_name, (body.get("action_info") or {}).get("scene"))
    if scene is None:
        return wechat_error(47003, "scene invalid")
    expire_seconds = None
    if action_name in TEMPORARY:
        requested = body.get("expire_seconds", DEFAULT_SECONDS)
        if not isinstance(requested, int) or requested < 1:
            return wechat_error(47003, "expire_seconds invalid")
        expire_seconds = min(requested, MAX_SECONDS)
    ticket = world().create_ticket(scene, expire_seconds)
    context.recorder.add(QrCodeCreated(at=context.clock(), ticket=ticket.ticket, scene=scene,
                                       action_name=action_name, expire_seconds=expire_seconds))
    answer = {"ticket": ticket.ticket, "url": ticket.url}
    if expire_seconds is not None:
        answer["expire_seconds"] = expire_seconds
    return wechat_ok(**answer)


@bp.get("/cgi-bin/showqrcode")
def show():
    """The code's image (a PNG here; WeChat's is a JPEG); an unknown or expired ticket is a 404."""
    ticket = world().live_ticket(request.args.get("ticket", ""))
    if ticket is None:
        return Response("ticket invalid or expired", status=404, mimetype="text/plain")
    image = io.BytesIO()
    qrcode.make(ticket.url).save(image, format="PNG")
    return Response(image.getvalue(), mimetype="image/png")
