"""/api/v1/message-subscriptions: what the mini-program asks for, and the answers it reports."""
from __future__ import annotations

from server.dev.devserver import SANDBOX_SUBSCRIBE_TEMPLATE_IDS as IDS
from tests.fixtures.accounts import bearer

PATH = "/api/v1/message-subscriptions"


def test_the_mini_program_reads_which_template_to_ask_for_at_each_moment(client, register):
    token = register()["token"]
    topics = client.get(PATH, headers=bearer(token)).json["topics"]
    assert {t["moment"]: t["template_id"] for t in topics} == {
        "submit_for_review": IDS["review_result"], "approved": IDS["payment"], "paid": IDS["notice"]}
    assert topics[0]["label"] == "资格审核结果通知"


def test_what_wx_request_subscribe_message_returned_is_kept(client, register):
    token = register()["token"]
    answer = client.post(PATH, json={"answers": {IDS["review_result"]: "accept", IDS["notice"]: "reject"}},
                         headers=bearer(token))
    assert answer.status_code == 200
    held = {t["topic"]: (t["remaining"], t["last_answer"]) for t in answer.json["topics"]}
    assert held == {"review_result": (1, "accept"), "payment": (0, None), "notice": (0, "reject")}


def test_a_template_of_another_mini_program_is_refused_naming_the_field(client, register):
    token = register()["token"]
    refused = client.post(PATH, json={"answers": {"tmpl-of-someone-else": "accept"}}, headers=bearer(token))
    assert refused.status_code == 422
    assert "不是本小程序的订阅消息模板" in refused.json["fields"]["answers.tmpl-of-someone-else"]


def test_answers_that_are_not_an_object_are_refused_in_chinese(client, register):
    token = register()["token"]
    refused = client.post(PATH, json={"answers": ["accept"]}, headers=bearer(token))
    assert refused.status_code == 422 and "订阅结果格式不正确" in str(refused.json)


def test_without_a_login_nothing_is_read_or_kept(client):
    assert client.get(PATH).status_code == 401
    assert client.post(PATH, json={"answers": {IDS["payment"]: "accept"}}).status_code == 401
