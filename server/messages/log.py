"""What staff read of the outbox (the console's 消息记录): each message with its person, channel,
attempts and result, filtered by state, kind or person; and one person's channels."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select, true

from server.accounts.models import Account, StaffMember
from server.accounts.rules import mask_phone
from server.applications.models import Application
from server.extensions import db
from server.messages.kinds import all_kinds
from server.messages.models import DeliveryAttempt, MessageState, OutboxMessage
from server.official_account.binding import binding_of
from server.subscriptions.services import TopicView, topic_views

PER_PAGE = 50
CHANNEL_LABELS = {"email": "邮件", "subscribe": "小程序订阅消息", "template": "公众号模板消息", "sms": "短信"}
OUTCOME_LABELS = {"sent": "已送达", "temporary": "暂时失败，将重试", "permanent": "失败，不再用此渠道"}


def kind_labels() -> dict[str, str]:
    return {kind.name: kind.label for kind in all_kinds()}


@dataclass(frozen=True)
class MessageFilter:
    state: MessageState | None = None
    kind: str = ""
    account_id: int | None = None  # -1 when the person searched for is nobody


@dataclass(frozen=True)
class MessagePage:
    messages: list[OutboxMessage]
    total: int
    page: int
    pages: int
    people: dict[str, str]  # "account:<id>" / "staff:<id>" → how staff name the person


def recipient_key(message: OutboxMessage) -> str:
    return f"account:{message.account_id}" if message.account_id is not None else f"staff:{message.staff_id}"


def account_id_of(text: str) -> int | None:
    """The applicant staff typed: a username or a mobile number."""
    text = text.strip()
    return db.session.scalar(select(Account.id).where((Account.username == text) | (Account.phone == text)))


def _conditions(query: MessageFilter) -> list:
    conditions: list = []
    if query.state is not None:
        conditions.append(OutboxMessage.state == query.state)
    if query.kind:
        conditions.append(OutboxMessage.kind == query.kind)
    if query.account_id is not None:
        conditions.append(OutboxMessage.account_id == query.account_id)
    return conditions


def _names(messages: list[OutboxMessage]) -> dict[str, str]:
    account_ids = {m.account_id for m in messages if m.account_id is not None}
    staff_ids = {m.staff_id for m in messages if m.staff_id is not None}
    names = {f"account:{account_id}": person_label(account_id) for account_id in account_ids}
    if staff_ids:
        names |= {f"staff:{member.id}": f"{member.display_name}（工作人员）" for member in db.session.execute(
            select(StaffMember).where(StaffMember.id.in_(staff_ids))).scalars()}
    return names


def person_label(account_id: int) -> str:
    """'张三（zhang_san，138****8000）': the latest application's name, the username, the masked phone."""
    account = db.session.get(Account, account_id)
    name = db.session.scalar(select(Application.name).where(
        Application.account_id == account_id, Application.name.is_not(None))
        .order_by(Application.batch_id.desc()).limit(1))
    who = f"{account.username}，{mask_phone(account.phone)}"
    return f"{name}（{who}）" if name else who


def message_page(query: MessageFilter, page: int) -> MessagePage:
    """One page of the messages matching `query`, newest first."""
    where = and_(true(), *_conditions(query))
    total = db.session.execute(select(func.count()).select_from(OutboxMessage).where(where)).scalar_one()
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    messages = list(db.session.execute(
        select(OutboxMessage).where(where).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).scalars())
    return MessagePage(messages, total, page, pages, _names(messages))


def attempts_of(message_id: int) -> list[DeliveryAttempt]:
    return list(db.session.execute(select(DeliveryAttempt).where(DeliveryAttempt.message_id == message_id)
                                   .order_by(DeliveryAttempt.at, DeliveryAttempt.id)).scalars())


def attempt_counts(message_ids: list[int]) -> dict[int, int]:
    if not message_ids:
        return {}
    return dict(db.session.execute(select(DeliveryAttempt.message_id, func.count()).where(
        DeliveryAttempt.message_id.in_(message_ids)).group_by(DeliveryAttempt.message_id)).all())


@dataclass(frozen=True)
class PersonChannels:
    """How the sender can reach one applicant now."""

    account_id: int
    label: str
    miniprogram: bool  # logged in with WeChat: subscribe messages are possible
    official_account: bool  # bound follower: template messages
    grants: list[TopicView]
    phone: str  # masked


def person_channels(account_id: int) -> PersonChannels | None:
    account = db.session.get(Account, account_id)
    if account is None:
        return None
    return PersonChannels(account.id, person_label(account.id), account.wechat_openid is not None,
                          binding_of(account.id) is not None, topic_views(account.id), mask_phone(account.phone))
