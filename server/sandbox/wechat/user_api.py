"""/cgi-bin/user/info: a follower's basic information, as the official account reads it.

WeChat answers `subscribe: 0` (and little else) for someone who does not follow, and adds the
`unionid` only when the official account is bound to the same Open Platform account as the
mini-program; an openid that is not of this official account's format is 40003.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from server.sandbox.wechat.common import require_access_token, wechat_error, world

bp = Blueprint("sandbox_wechat_user", __name__)

LANGS = ("zh_CN", "zh_TW", "en")


@bp.get("/cgi-bin/user/info")
def user_info():
    context = current_app.extensions["sandbox"]
    refused = require_access_token(context.settings.oa_appid)
    if refused is not None:
        return refused
    openid = request.args.get("openid", "")
    if not openid or len(openid) > 64:
        return wechat_error(40003)
    if request.args.get("lang", "zh_CN") not in LANGS:
        return wechat_error(40003, "lang invalid")
    if not world().is_follower(openid):
        return jsonify({"subscribe": 0, "openid": openid})
    info: dict[str, object] = {"subscribe": 1, "openid": openid, "language": "zh_CN",
                               "subscribe_scene": "ADD_SCENE_QR_CODE", "remark": "", "tagid_list": []}
    unionid = world().follower_unionid(openid)
    if unionid:
        info["unionid"] = unionid
    return jsonify(info)
