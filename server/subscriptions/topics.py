"""The subscribe templates the mini-program asks for, and the moment it asks for each.

WeChat shows `wx.requestSubscribeMessage` only after a tap (or a payment), so each topic is asked
where the next message becomes likely: submitting for review (the result), seeing the approval
(payment opening), after paying (training and exam notices). The ids are the ones approved in the
mini-program's console, from WECHAT_SUBSCRIBE_TEMPLATE_IDS (name=id); a topic without an id is
never asked for.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Topic:
    name: str  # its key in WECHAT_SUBSCRIBE_TEMPLATE_IDS, and what a message kind names
    label: str  # in Chinese, as the applicant reads it
    moment: str  # when the mini-program asks: submit_for_review | approved | paid


TOPICS: dict[str, Topic] = {topic.name: topic for topic in (
    Topic("review_result", "资格审核结果通知", "submit_for_review"),
    Topic("payment", "缴费提醒", "approved"),
    Topic("notice", "培训、考试通知", "paid"),
)}
MOMENTS = ("submit_for_review", "approved", "paid")


@dataclass(frozen=True)
class ConfiguredTopic:
    topic: Topic
    template_id: str


def configured_topics() -> list[ConfiguredTopic]:
    """The topics with a template id in config, in TOPICS order."""
    ids = current_app.config["WECHAT_SUBSCRIBE_TEMPLATE_IDS"]
    return [ConfiguredTopic(topic, ids[name]) for name, topic in TOPICS.items() if ids.get(name)]


def template_id_of(topic_name: str) -> str | None:
    return current_app.config["WECHAT_SUBSCRIBE_TEMPLATE_IDS"].get(topic_name) or None
