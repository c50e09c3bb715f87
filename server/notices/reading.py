"""The applicant's side: the notices addressed to them, newest first, with read marks; one notice
and its attachments; the official-account bot's 通知 reply (`latest_notices`, `notices_reply`).

A person sees exactly the published notices they were a recipient of; any other notice id is
"not found", the same answer as a notice that does not exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from server.accounts.models import Account
from server.clock import format_beijing, now
from server.errors import NotFound
from server.extensions import db
from server.notices.attachments import OpenedAttachment, attachments_of, open_attachment
from server.notices.models import Notice, NoticeAttachment, NoticeRecipient, NoticeState
from server.transactions import atomic

NOT_FOUND = "通知不存在"
LIST_LIMIT = 100


@dataclass(frozen=True)
class NoticeBrief:
    id: int
    title: str
    published_at: datetime
    read: bool
    attachment_count: int


@dataclass(frozen=True)
class NoticeView:
    id: int
    title: str
    body: str
    published_at: datetime
    read: bool
    attachments: tuple[NoticeAttachment, ...]


def _received(account_id: int):
    return (select(Notice, NoticeRecipient.read_at)
            .join(NoticeRecipient, NoticeRecipient.notice_id == Notice.id)
            .where(NoticeRecipient.account_id == account_id, Notice.state == NoticeState.published))


def notices_for(account_id: int, limit: int = LIST_LIMIT) -> list[NoticeBrief]:
    """The person's notices, newest first (two queries)."""
    rows = db.session.execute(_received(account_id).order_by(Notice.published_at.desc(), Notice.id.desc())
                              .limit(limit)).all()
    counts = dict(db.session.execute(
        select(NoticeAttachment.notice_id, func.count()).where(NoticeAttachment.notice_id.in_([n.id for n, _ in rows]))
        .group_by(NoticeAttachment.notice_id)).all()) if rows else {}
    return [NoticeBrief(notice.id, notice.title, notice.published_at, read_at is not None, counts.get(notice.id, 0))
            for notice, read_at in rows]


def unread_count(account_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(
        _received(account_id).where(NoticeRecipient.read_at.is_(None)).subquery()))


def notice_for(account_id: int, notice_id: int) -> NoticeView:
    row = db.session.execute(_received(account_id).where(Notice.id == notice_id)).first()
    if row is None:
        raise NotFound(NOT_FOUND)
    notice, read_at = row
    return NoticeView(notice.id, notice.title, notice.body, notice.published_at, read_at is not None,
                      tuple(attachments_of(notice.id)))


@atomic
def mark_read(account_id: int, notice_id: int) -> None:
    """The person opened the notice: its unread marker goes (the first time counts)."""
    notice_for(account_id, notice_id)
    db.session.execute(update(NoticeRecipient).where(
        NoticeRecipient.notice_id == notice_id, NoticeRecipient.account_id == account_id,
        NoticeRecipient.read_at.is_(None)).values(read_at=now()))


def attachment_for(account_id: int, notice_id: int, attachment_id: int) -> OpenedAttachment:
    notice_for(account_id, notice_id)
    return open_attachment(notice_id, attachment_id)


def latest_notices(account: Account, limit: int = 5) -> list[NoticeBrief]:
    """For the official-account bot's 通知: the person's latest notices."""
    return notices_for(account.id, limit)


def notices_reply(account: Account, limit: int = 5) -> str:
    """The bot's 通知 reply: the latest notices, newest first, unread marked, and where to read them."""
    notices = latest_notices(account, limit)
    if not notices:
        return "暂无发给您的培训、考试通知。通知发布后会在这里和“评标专家申报”小程序中显示。"
    lines = ["您的最新通知："]
    for number, notice in enumerate(notices, start=1):
        mark = "" if notice.read else "【未读】"
        lines.append(f"{number}. {mark}{notice.title}（{format_beijing(notice.published_at, '%m月%d日')}）")
    lines.append("请在“评标专家申报”小程序的“通知公告”中查看全文和附件。")
    return "\n".join(lines)
