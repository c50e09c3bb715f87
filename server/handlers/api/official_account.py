"""The official account in the mini-program's profile: 已关注/未关注, and the QR code that binds."""
from __future__ import annotations

import marshmallow as ma

from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime
from server.official_account import binding

blp = ApiBlueprint("official_account", __name__, description="公众号：关注状态与绑定二维码")


class FollowingSchema(ma.Schema):
    followed = ma.fields.Boolean(metadata={"description": "已关注并绑定公众号（已关注/未关注）"})
    bound_at = BeijingDateTime(allow_none=True)


class BindingCodeSchema(ma.Schema):
    image_url = ma.fields.String(metadata={"description": "二维码图片地址（长按识别，或用另一部手机扫码）"})
    url = ma.fields.String(metadata={"description": "二维码的内容"})
    expires_at = BeijingDateTime(metadata={"description": "二维码失效时间，过期后重新获取"})


def _following(account_id: int) -> dict:
    found = binding.binding_of(account_id)
    return {"followed": found is not None, "bound_at": found.bound_at if found else None}


@blp.route("/me/official-account", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, FollowingSchema)
@login_required
def following():
    """本人是否已关注并绑定公众号"""
    return _following(current_account().id)


@blp.route("/me/official-account/binding-code", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(201, BindingCodeSchema)
@login_required
def binding_code():
    """生成绑定公众号的临时二维码（10分钟内有效，只能用一次）"""
    return binding.binding_code(current_account())
