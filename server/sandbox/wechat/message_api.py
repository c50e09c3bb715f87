"""/cgi-bin/message/subscribe/send (mini-program subscribe messages) and
/cgi-bin/message/template/send (official-account template messages), checked like WeChat:

- the access token must be the right app's;
- a subscribe message needs a grant the user gave for that template (one grant, one message;
  none: 43101); a template message needs the user to follow the official account (43004);
- values are checked against WeChat's field limits (47003 naming the field);
- a template message with a client_msg_id already used for that user within 10 minutes is not
  sent again (answered with the first msgid).

Injected failures (43101, 40037, 45009, a 5xx, a delay) come from the fault plan, before this code.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app

from server.sandbox.records import SubscribeMessageSent, TemplateMessageSent
from server.sandbox.wechat.common import json_body, require_access_token, wechat_error, wechat_ok, world
from server.wechat.template_fields import FieldProblem, subscribe_data_problems, template_data_problems

bp = Blueprint("sandbox_wechat_messages", __name__)

MINIPROGRAM_STATES = ("developer", "trial", "formal")
LANGUAGES = ("zh_CN", "en_US", "zh_HK", "zh_TW")
CLIENT_MSG_ID_WINDOW_SECONDS = 600


def _values(data: Any) -> dict[str, str] | None:
    """WeChat's {key: {"value": v}} → {key: v}; None if it is not that shape."""
    if not isinstance(data, dict) or not all(isinstance(item, dict) and "value" in item
                                             for item in data.values()):
        return None
    return {key: item["value"] for key, item in data.items()}


def _invalid(problems: list[FieldProblem]) -> Response:
    return wechat_error(47003, f"data.{problems[0].key}.value invalid")


@bp.post("/cgi-bin/message/subscribe/send")
def subscribe_send():
    context = current_app.extensions["sandbox"]
    refused = require_access_token(context.settings.wechat_appid)
    if refused is not None:
        return refused
    body = json_body()
    if body is None:
        return wechat_error(47001)
    touser, template_id = body.get("touser"), body.get("template_id")
    state, lang = body.get("miniprogram_state", "formal"), body.get("lang", "zh_CN")
    values = _values(body.get("data"))
    if not isinstance(touser, str) or not world().is_mini_program_user(touser):
        return wechat_error(40003)
    if not isinstance(template_id, str) or not template_id:
        return wechat_error(40037)
    if state not in MINIPROGRAM_STATES:
        return wechat_error(47003, "miniprogram_state invalid")
    if lang not in LANGUAGES:
        return wechat_error(47003, "lang invalid")
    if values is None:
        return wechat_error(47003, "data invalid")
    problems = subscribe_data_problems(values)
    if problems:
        return _invalid(problems)
    if not world().spend_grant(touser, template_id):
        return wechat_error(43101)
    context.recorder.add(SubscribeMessageSent(
        at=context.clock(), touser=touser, template_id=template_id, data=values,
        page=body.get("page"), miniprogram_state=state, lang=lang))
    return wechat_ok()


@bp.post("/cgi-bin/message/template/send")
def template_send():
    context = current_app.extensions["sandbox"]
    refused = require_access_token(context.settings.oa_appid)
    if refused is not None:
        return refused
    body = json_body()
    if body is None:
        return wechat_error(47001)
    touser, template_id = body.get("touser"), body.get("template_id")
    values, miniprogram = _values(body.get("data")), body.get("miniprogram")
    if not isinstance(touser, str) or not touser:
        return wechat_error(40003)
    if not world().is_follower(touser):
        return wechat_error(43004)
    if not isinstance(template_id, str) or not template_id:
        return wechat_error(40037)
    if miniprogram is not None and (not isinstance(miniprogram, dict)
                                    or miniprogram.get("appid") != context.settings.wechat_appid):
        return wechat_error(47003, "miniprogram.appid invalid")
    if values is None:
        return wechat_error(47003, "data invalid")
    problems = template_data_problems(values)
    if problems:
        return _invalid(problems)
    client_msg_id = body.get("client_msg_id") or None
    msgid, new = world().template_send(touser, client_msg_id, CLIENT_MSG_ID_WINDOW_SECONDS)
    if new:
        context.recorder.add(TemplateMessageSent(
            at=context.clock(), touser=touser, template_id=template_id, data=values,
            url=body.get("url"), miniprogram=miniprogram, msgid=msgid, client_msg_id=client_msg_id))
    return wechat_ok(msgid=msgid)
