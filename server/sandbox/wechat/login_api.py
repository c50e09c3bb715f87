"""/sns/jscode2session: the mini-program login (auth.code2Session)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from server.sandbox.records import Code2SessionCall
from server.sandbox.wechat.common import wechat_error, world

bp = Blueprint("sandbox_wechat_login", __name__)


@bp.get("/sns/jscode2session")
def jscode2session():
    context = current_app.extensions["sandbox"]
    settings = context.settings
    args = request.args
    appid, js_code = args.get("appid", ""), args.get("js_code", "")
    user = None
    if args.get("grant_type") != "authorization_code":
        errcode = 40002
    elif appid != settings.wechat_appid:
        errcode = 40013
    elif args.get("secret") != settings.wechat_secret:
        errcode = 40125
    elif not js_code:
        errcode = 41008
    else:
        errcode, user = world().redeem_code(js_code)
    context.recorder.add(Code2SessionCall(at=context.clock(), appid=appid, js_code=js_code,
                                          openid=user.openid if user else None, errcode=errcode))
    if user is None:
        return wechat_error(errcode)
    body = {"openid": user.openid, "session_key": user.session_key}
    if user.unionid:
        body["unionid"] = user.unionid
    return jsonify(body)
