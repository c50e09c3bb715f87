"""Subscribe messages API: which templates the mini-program asks for at which moment, and what the
applicant answered `wx.requestSubscribeMessage`."""
from __future__ import annotations

import marshmallow as ma

from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import Schema
from server.subscriptions import services
from server.subscriptions.topics import MOMENTS

blp = ApiBlueprint("subscriptions", __name__, description="小程序订阅消息：在哪一步请求订阅、用户的选择")


class TopicSchema(ma.Schema):
    topic = ma.fields.String(metadata={"description": "review_result、payment 或 notice"})
    label = ma.fields.String(metadata={"description": "如 资格审核结果通知"})
    moment = ma.fields.String(metadata={"description": f"何时请求订阅：{'、'.join(MOMENTS)}"})
    template_id = ma.fields.String(metadata={"description": "wx.requestSubscribeMessage 的 tmplIds 之一"})
    remaining = ma.fields.Integer(metadata={"description": "还可接收的条数（每次同意一条，发送一条用掉一条）"})
    last_answer = ma.fields.String(allow_none=True,
                                   metadata={"description": "上次的选择：accept、reject、ban、filter；未请求过为 null"})


class SubscriptionsSchema(ma.Schema):
    topics = ma.fields.List(ma.fields.Nested(TopicSchema))


class AnswersRequest(Schema):
    answers = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.String(), required=True,
        error_messages={"required": "请提供订阅结果", "invalid": "订阅结果格式不正确"},
        metadata={"description": "wx.requestSubscribeMessage 成功回调里每个模板 ID 的结果（去掉 errMsg）："
                                 "{模板 ID: accept|reject|ban|filter}"})


@blp.route("/message-subscriptions", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, SubscriptionsSchema)
@login_required
def subscriptions():
    """本小程序的订阅消息模板、各在哪一步请求，以及本人的选择"""
    return {"topics": services.topic_views(current_account().id)}


@blp.route("/message-subscriptions", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@login_required
@blp.arguments(AnswersRequest)
@blp.response(200, SubscriptionsSchema)
def report_answers(body: dict):
    """报告 wx.requestSubscribeMessage 的结果（同意的模板各可接收一条消息；拒绝会被记住）"""
    return {"topics": services.record_answers(current_account().id, body["answers"])}
