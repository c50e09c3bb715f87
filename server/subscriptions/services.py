"""Recording the applicant's answers and spending grants when a message goes out.

A grant is claimed before the send (so two senders never spend one grant twice), given back when
the send failed for a reason WeChat did not count against it (a timeout, a 5xx), and dropped when
WeChat says none is held (43101: our count was wrong, or the user withdrew it in settings).
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select, update

from server.accounts.models import Account
from server.clock import now
from server.errors import InvalidInput
from server.extensions import db
from server.subscriptions.models import SubscribeGrant
from server.subscriptions.topics import configured_topics
from server.transactions import atomic

ANSWERS = ("accept", "reject", "ban", "filter")  # wx.requestSubscribeMessage's values
ANSWER_LABELS = {"accept": "同意", "reject": "拒绝", "ban": "已被后台封禁", "filter": "已被过滤"}


@dataclass(frozen=True)
class TopicView:
    topic: str
    label: str
    moment: str
    template_id: str
    remaining: int
    last_answer: str | None


def _problems(answers: Mapping[str, object]) -> dict[str, str]:
    known = [configured.template_id for configured in configured_topics()]
    problems = {}
    for template_id, answer in answers.items():
        if template_id not in known:
            choices = "、".join(known) or "（未配置订阅消息模板）"
            problems[f"answers.{template_id}"] = f"模板 ID“{template_id}”不是本小程序的订阅消息模板；可选：{choices}"
        elif answer not in ANSWERS:
            problems[f"answers.{template_id}"] = f"订阅结果须为以下之一：{'、'.join(ANSWERS)}"
    return problems


@atomic
def record_answers(account_id: int, answers: Mapping[str, object]) -> list[TopicView]:
    """What `wx.requestSubscribeMessage` returned ({template id: accept|reject|ban|filter}):
    each accept allows one more message; any other answer is kept as the last answer."""
    if not answers:
        raise InvalidInput.field("answers", "请提供订阅结果")
    problems = _problems(answers)
    if problems:
        raise InvalidInput(next(iter(problems.values())), problems)
    # The account row's lock orders two reports from one applicant (two taps in a row).
    db.session.execute(select(Account.id).where(Account.id == account_id).with_for_update())
    held = {grant.template_id: grant for grant in _grants(account_id)}
    moment = now()
    for template_id, answer in answers.items():
        grant = held.get(template_id)
        if grant is None:
            grant = SubscribeGrant(account_id=account_id, template_id=template_id, remaining=0)
            db.session.add(grant)
        grant.last_answer, grant.answered_at = str(answer), moment
        if answer == "accept":
            grant.remaining += 1
    db.session.flush()
    return topic_views(account_id)


def _grants(account_id: int) -> list[SubscribeGrant]:
    return list(db.session.execute(select(SubscribeGrant).where(SubscribeGrant.account_id == account_id)).scalars())


def topic_views(account_id: int) -> list[TopicView]:
    """Each configured topic with what the applicant holds and last answered."""
    held = {grant.template_id: grant for grant in _grants(account_id)}
    views = []
    for configured in configured_topics():
        grant = held.get(configured.template_id)
        views.append(TopicView(configured.topic.name, configured.topic.label, configured.topic.moment,
                               configured.template_id, grant.remaining if grant else 0,
                               grant.last_answer if grant else None))
    return views


def holds(account_id: int, template_id: str) -> bool:
    return bool(db.session.scalar(select(SubscribeGrant.remaining).where(
        SubscribeGrant.account_id == account_id, SubscribeGrant.template_id == template_id)))


def held_templates(account_ids: Collection[int]) -> dict[int, frozenset[str]]:
    """The templates each account holds a grant for: `holds` for many accounts in one query."""
    held: dict[int, set[str]] = {}
    for account_id, template_id in db.session.execute(
            select(SubscribeGrant.account_id, SubscribeGrant.template_id).where(
                SubscribeGrant.account_id.in_(account_ids), SubscribeGrant.remaining > 0)):
        held.setdefault(account_id, set()).add(template_id)
    return {account_id: frozenset(templates) for account_id, templates in held.items()}


@atomic
def claim(account_id: int, template_id: str) -> bool:
    """Take one grant for a message about to be sent; False when none is held."""
    claimed = db.session.execute(
        update(SubscribeGrant)
        .where(SubscribeGrant.account_id == account_id, SubscribeGrant.template_id == template_id,
               SubscribeGrant.remaining > 0)
        .values(remaining=SubscribeGrant.remaining - 1, spent_at=now()))
    return claimed.rowcount == 1


@atomic
def give_back(account_id: int, template_id: str) -> None:
    """The claimed grant was not used (the send failed before WeChat counted it)."""
    db.session.execute(
        update(SubscribeGrant)
        .where(SubscribeGrant.account_id == account_id, SubscribeGrant.template_id == template_id)
        .values(remaining=SubscribeGrant.remaining + 1))


@atomic
def drop(account_id: int, template_id: str) -> None:
    """WeChat holds no grant for this template (43101): ours are void."""
    db.session.execute(
        update(SubscribeGrant)
        .where(SubscribeGrant.account_id == account_id, SubscribeGrant.template_id == template_id)
        .values(remaining=0))
