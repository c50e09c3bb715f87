"""Subscribe grants: each accept allows one message, a send spends one, a refusal is kept."""
from __future__ import annotations

import pytest

from server.dev.devserver import SANDBOX_SUBSCRIBE_TEMPLATE_IDS as IDS
from server.errors import InvalidInput
from server.subscriptions import services
from tests.fixtures.journey import at_once

REVIEW, PAYMENT = IDS["review_result"], IDS["payment"]


def _held(account_id: int) -> dict[str, tuple[int, str | None]]:
    return {view.topic: (view.remaining, view.last_answer) for view in services.topic_views(account_id)}


def test_each_configured_template_is_listed_with_the_moment_the_mini_program_asks_for_it(app_context, make_account):
    views = services.topic_views(make_account())
    assert [(v.topic, v.moment, v.template_id) for v in views] == [
        ("review_result", "submit_for_review", REVIEW), ("payment", "approved", PAYMENT),
        ("notice", "paid", IDS["notice"])]
    assert all(v.remaining == 0 and v.last_answer is None for v in views)


def test_an_accept_allows_one_message_and_a_reject_allows_none_but_is_kept(app_context, make_account):
    account = make_account()
    services.record_answers(account, {REVIEW: "accept", PAYMENT: "reject"})
    assert _held(account)["review_result"] == (1, "accept")
    assert _held(account)["payment"] == (0, "reject")


def test_accepting_again_allows_one_more_and_a_later_reject_keeps_what_was_granted(app_context, make_account):
    account = make_account()
    services.record_answers(account, {REVIEW: "accept"})
    services.record_answers(account, {REVIEW: "accept"})
    services.record_answers(account, {REVIEW: "reject"})
    assert _held(account)["review_result"] == (2, "reject")


def test_one_grant_is_claimed_once(app_context, make_account):
    account = make_account()
    services.record_answers(account, {REVIEW: "accept"})
    assert services.claim(account, REVIEW) is True
    assert services.claim(account, REVIEW) is False
    assert services.holds(account, REVIEW) is False


def test_two_senders_claiming_one_grant_at_once_get_it_once(app, make_account):
    account = make_account()
    with app.app_context():
        services.record_answers(account, {REVIEW: "accept"})
    results = at_once(app, lambda: services.claim(account, REVIEW), lambda: services.claim(account, REVIEW))
    assert sorted(results) == [False, True]


def test_a_grant_given_back_can_be_claimed_again_and_a_dropped_one_cannot(app_context, make_account):
    account = make_account()
    services.record_answers(account, {REVIEW: "accept", PAYMENT: "accept"})
    services.claim(account, REVIEW)
    services.give_back(account, REVIEW)
    assert services.claim(account, REVIEW) is True
    services.drop(account, PAYMENT)
    assert services.claim(account, PAYMENT) is False


@pytest.mark.parametrize("answers, field, message", [
    ({"someone-elses-template": "accept"}, "answers.someone-elses-template", "不是本小程序的订阅消息模板；可选："),
    ({REVIEW: "maybe"}, f"answers.{REVIEW}", "accept、reject、ban、filter"),
    ({}, "answers", "请提供订阅结果"),
])
def test_an_unknown_template_or_answer_is_refused_naming_the_choices_and_nothing_is_kept(
        app_context, make_account, answers, field, message):
    account = make_account()
    with pytest.raises(InvalidInput) as refused:
        services.record_answers(account, {**answers, PAYMENT: "accept"} if answers else answers)
    assert message in refused.value.fields[field]
    assert _held(account)["payment"] == (0, None)
