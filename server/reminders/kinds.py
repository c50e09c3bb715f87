"""The reminders' message kinds (their texts: templates/messages/<kind>/)."""
from __future__ import annotations

from server.messages.kinds import EmailPart, MessageKind, register
from server.messages.wechat_templates import wechat_options

REGISTRATION = register(MessageKind("reminder_submit_info", "报名截止提醒（资料未提交）", must_reach=True,
                                    options=wechat_options("deadline")))
SIGNED_SHEET = register(MessageKind("reminder_submit_for_review", "报名截止提醒（未提交审核）", must_reach=True,
                                    options=wechat_options("deadline")))
RESUBMIT = register(MessageKind("reminder_resubmit", "报名截止提醒（驳回后未重新提交）", must_reach=True,
                                options=wechat_options("deadline")))
PAYMENT = register(MessageKind("reminder_payment", "缴费截止提醒", must_reach=True, options=wechat_options("deadline")))
PAYMENT_OPEN = register(MessageKind("payment_open", "可以缴费了", must_reach=True, options=wechat_options("payment")))
REVIEW_DIGEST = register(MessageKind("review_digest", "审核截止前待审核名单", wechat=False, email=EmailPart()))
