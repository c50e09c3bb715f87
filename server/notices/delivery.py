"""How far a published notice got: its outbox messages counted by state and by channel.

Read from the outbox rows themselves (kind `notice_posted`, subject `notice:<id>`) and their
delivery attempts, so the page shows what the sender did, not what we hoped it would do.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from server.extensions import db
from server.messages.models import DeliveryAttempt, MessageState, OutboxMessage
from server.notices.messages import NOTICE_POSTED, subject_of
from server.notices.models import Notice

CHANNEL_LABELS = {"subscribe": "小程序订阅消息", "template": "公众号模板消息", "sms": "短信", "email": "电子邮件"}


@dataclass(frozen=True)
class ChannelCount:
    channel: str
    sent: int  # messages this channel delivered
    failed: int  # messages this channel tried and could not deliver (another may have since)

    @property
    def label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)


@dataclass(frozen=True)
class DeliveryCounts:
    messages: int
    sent: int
    pending: int
    failed: int
    channels: tuple[ChannelCount, ...]


def delivery_counts(notice: Notice) -> DeliveryCounts:
    """Three grouped queries, whatever the number of recipients."""
    mine = (OutboxMessage.kind == NOTICE_POSTED, OutboxMessage.subject == subject_of(notice))
    by_state = dict(db.session.execute(
        select(OutboxMessage.state, func.count()).where(*mine).group_by(OutboxMessage.state)).all())
    sent = dict(db.session.execute(
        select(OutboxMessage.sent_channel, func.count()).where(*mine, OutboxMessage.state == MessageState.sent)
        .group_by(OutboxMessage.sent_channel)).all())
    failed = dict(db.session.execute(
        select(DeliveryAttempt.channel, func.count(distinct(DeliveryAttempt.message_id)))
        .join(OutboxMessage, OutboxMessage.id == DeliveryAttempt.message_id)
        .where(*mine, DeliveryAttempt.outcome != "sent").group_by(DeliveryAttempt.channel)).all())
    channels = sorted(set(sent) | set(failed), key=lambda name: (list(CHANNEL_LABELS).index(name)
                                                                  if name in CHANNEL_LABELS else 99, name))
    return DeliveryCounts(
        messages=sum(by_state.values()), sent=by_state.get(MessageState.sent, 0),
        pending=by_state.get(MessageState.pending, 0), failed=by_state.get(MessageState.failed, 0),
        channels=tuple(ChannelCount(name, sent.get(name, 0), failed.get(name, 0)) for name in channels))
