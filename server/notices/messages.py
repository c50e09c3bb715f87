"""The message a published notice sends each recipient: kind `notice_posted`, subject `notice:<id>`.

WeChat (subscribe or template message) first; SMS when neither reached the person, since a missed
training or exam date costs the applicant the fee (the seed: 逾期未参加的，不予退费). No email
part: the notice itself is read in the mini-program, attachments and all.
"""
from __future__ import annotations

from typing import Any

from server.batches.models import Batch
from server.clock import format_beijing
from server.messages.kinds import MessageKind, register
from server.messages.wechat_templates import wechat_options
from server.notices.models import Notice
from server.wechat.template_fields import clip_thing, wechat_time

NOTICE_POSTED = register(MessageKind("notice_posted", "培训考试通知", must_reach=True,
                                     options=wechat_options("notice"))).name
DETAIL_PAGE = "pages/notices/detail/index"


def subject_of(notice: Notice) -> str:
    return f"notice:{notice.id}"


def context_of(notice: Notice, batch: Batch) -> dict[str, Any]:
    """What the message texts read, frozen at publication."""
    return {"notice_id": notice.id, "title": notice.title, "title_short": clip_thing(notice.title),
            "batch_name": batch.name, "published_at": format_beijing(notice.published_at),
            "posted_at": wechat_time(notice.published_at), "page": f"{DETAIL_PAGE}?id={notice.id}"}
