"""/cgi-bin/token (the access token of the mini-program or the official account) and /cgi-bin/getcallbackip (a cheap call that needs one)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from server.sandbox.records import TokenIssue
from server.sandbox.wechat.common import require_access_token, wechat_error, world

bp = Blueprint("sandbox_wechat_token", __name__)


@bp.get("/cgi-bin/token")
def token():
    context = current_app.extensions["sandbox"]
    settings = context.settings
    appid = request.args.get("appid", "")
    secrets_by_appid = settings.app_secrets()
    errcode = 0
    if request.args.get("grant_type") != "client_credential":
        errcode = 40002
    elif appid not in secrets_by_appid:
        errcode = 40013
    elif request.args.get("secret") != secrets_by_appid[appid]:
        errcode = 40125
    if errcode:
        context.recorder.add(TokenIssue(at=context.clock(), appid=appid, access_token=None,
                                        errcode=errcode))
        return wechat_error(errcode)
    access_token, expires_in = world().issue_token(appid)
    context.recorder.add(TokenIssue(at=context.clock(), appid=appid, access_token=access_token,
                                    errcode=0))
    return jsonify({"access_token": access_token, "expires_in": expires_in})


@bp.get("/cgi-bin/getcallbackip")
def callback_ip():
    refused = require_access_token()
    if refused is not None:
        return refused
    return jsonify({"ip_list": ["127.0.0.1"]})
