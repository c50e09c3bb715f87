"""Notices API (通知公告): the applicant's training and exam notices with unread markers, one notice,
its read mark, and its PDF attachments."""
from __future__ import annotations

import marshmallow as ma

from server.handlers.api.auth import BEARER_SECURITY, current_account, login_required
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime
from server.handlers.documents import send_document
from server.notices import reading

blp = ApiBlueprint("notices", __name__, description="通知公告：培训、考试通知，未读标记与附件")


class NoticeBriefSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    published_at = BeijingDateTime(metadata={"description": "发布时间（北京时间）"})
    read = ma.fields.Boolean(metadata={"description": "是否已读"})
    attachment_count = ma.fields.Integer(metadata={"description": "附件个数"})


class NoticeListSchema(ma.Schema):
    notices = ma.fields.List(ma.fields.Nested(NoticeBriefSchema), metadata={"description": "最新的在前，最多100条"})
    unread = ma.fields.Integer(metadata={"description": "未读条数"})


class AttachmentSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String(attribute="original_name", metadata={"description": "文件名"})
    size = ma.fields.Integer(metadata={"description": "字节数"})
    pages = ma.fields.Integer(metadata={"description": "页数"})


class NoticeSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    body = ma.fields.String(metadata={"description": "正文（纯文本，保留换行）"})
    published_at = BeijingDateTime(metadata={"description": "发布时间（北京时间）"})
    read = ma.fields.Boolean()
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema))


@blp.route("/notices", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, NoticeListSchema)
@login_required
def list_notices():
    """发给我的培训、考试通知（最新的在前）及未读条数"""
    account = current_account()
    return {"notices": reading.notices_for(account.id), "unread": reading.unread_count(account.id)}


@blp.route("/notices/<int:notice_id>", methods=["GET"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, NoticeSchema)
@blp.alt_response(404, schema="Error", description="通知不存在或不是发给我的")
@login_required
def get_notice(notice_id: int):
    """一条通知的全文和附件列表（打开后另调用“标记已读”）"""
    return reading.notice_for(current_account().id, notice_id)


@blp.route("/notices/<int:notice_id>/read", methods=["POST"])
@blp.doc(security=BEARER_SECURITY)
@blp.response(204)
@blp.alt_response(404, schema="Error", description="通知不存在或不是发给我的")
@login_required
def mark_notice_read(notice_id: int):
    """标记为已读（重复调用无影响）"""
    reading.mark_read(current_account().id, notice_id)


@blp.route("/notices/<int:notice_id>/attachments/<int:attachment_id>", methods=["GET"])
@blp.doc(security=BEARER_SECURITY, summary="下载通知附件（PDF）",
         responses={200: {"description": "PDF", "content": {"application/pdf": {}}}})
@blp.alt_response(404, schema="Error", description="通知或附件不存在，或通知不是发给我的")
@login_required
def notice_attachment(notice_id: int, attachment_id: int):
    opened = reading.attachment_for(current_account().id, notice_id, attachment_id)
    return send_document(opened.data, opened.download_name, f"notice-{notice_id}-{attachment_id}.pdf", inline=True)
