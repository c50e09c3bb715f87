"""/cgi-bin/menu/create: the official account's custom menu, checked by WeChat's rules and kept."""
from __future__ import annotations

from flask import Blueprint, current_app

from server.sandbox.records import MenuCreated
from server.sandbox.wechat.common import json_body, require_access_token, wechat_error, wechat_ok
from server.wechat.menu import menu_problems

bp = Blueprint("sandbox_wechat_menu", __name__)


@bp.post("/cgi-bin/menu/create")
def create():
    context = current_app.extensions["sandbox"]
    refused = require_access_token(context.settings.oa_appid)
    if refused is not None:
        return refused
    menu = json_body()
    if menu is None:
        return wechat_error(47001)
    problems = menu_problems(menu)
    if problems:
        return wechat_error(problems[0].errcode)
    context.recorder.add(MenuCreated(at=context.clock(), menu=menu))
    return wechat_ok()
