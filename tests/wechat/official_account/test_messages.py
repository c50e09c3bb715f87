"""Pushes read into one typed message, whichever kind, XML or JSON (examples from WeChat's 接收事件推送)."""
from __future__ import annotations

import json

import pytest

from server.sandbox.wechat.official_account_user import to_xml
from server.wechat.official_account import MalformedMessage
from server.wechat.official_account.messages import parse_body, parse_json, parse_xml

BASE = {"ToUserName": "gh_0123456789ab", "FromUserName": "oUser123", "CreateTime": 1348831860}


def _both(fields):
    return [parse_xml(to_xml({**BASE, **fields})), parse_json(json.dumps({**BASE, **fields}, ensure_ascii=False))]


def test_a_text_message_carries_its_content_and_msg_id():
    for message in _both({"MsgType": "text", "Content": "进度", "MsgId": 1234567890123456}):
        assert (message.kind, message.event, message.content, message.msg_id) == ("text", None, "进度", "1234567890123456")
        assert (message.from_openid, message.to, message.create_time) == ("oUser123", "gh_0123456789ab", 1348831860)


def test_a_subscribe_by_qr_code_gives_the_scene_without_qrscene():
    for message in _both({"MsgType": "event", "Event": "subscribe", "EventKey": "qrscene_bind-7f3a",
                          "Ticket": "TICKET"}):
        assert (message.kind, message.event, message.scene, message.ticket, message.msg_id) == (
            "event", "subscribe", "bind-7f3a", "TICKET", None)


def test_a_plain_subscribe_has_no_scene():
    for message in _both({"MsgType": "event", "Event": "subscribe"}):
        assert (message.event, message.scene, message.ticket) == ("subscribe", None, None)


def test_a_scan_by_a_follower_gives_the_bare_scene():
    for message in _both({"MsgType": "event", "Event": "SCAN", "EventKey": "bind-7f3a", "Ticket": "T"}):
        assert (message.event, message.scene, message.ticket) == ("scan", "bind-7f3a", "T")


def test_unsubscribe_click_and_view_events():
    [leave, _] = _both({"MsgType": "event", "Event": "unsubscribe", "EventKey": ""})
    assert (leave.event, leave.scene, leave.event_key) == ("unsubscribe", None, None)
    [click, _] = _both({"MsgType": "event", "Event": "CLICK", "EventKey": "progress"})
    assert (click.event, click.event_key) == ("click", "progress")
    [view, _] = _both({"MsgType": "event", "Event": "VIEW", "EventKey": "https://example.org/"})
    assert (view.event, view.event_key) == ("view", "https://example.org/")


def test_a_template_delivery_report_carries_the_template_messages_id():
    [report, _] = _both({"MsgType": "event", "Event": "TEMPLATESENDJOBFINISH", "MsgID": 200163836,
                         "Status": "failed:user block"})
    assert (report.event, report.msg_id, report.wechatpy.status) == (
        "templatesendjobfinish", "200163836", "failed:user block")


def test_kinds_wechatpy_does_not_know_keep_their_names():
    [event, _] = _both({"MsgType": "event", "Event": "debug_demo"})
    [other, _] = _both({"MsgType": "hologram"})
    assert (event.kind, event.event, other.kind, other.event) == ("event", "debug_demo", "hologram", None)


def test_the_body_format_is_told_by_its_first_character():
    assert parse_body('  {"ToUserName": "gh", "FromUserName": "o", "CreateTime": 1, "MsgType": "text", "Content": "x"}').content == "x"
    assert parse_body(to_xml({**BASE, "MsgType": "text", "Content": "y"})).content == "y"


@pytest.mark.parametrize("text", [
    '{"ToUserName": "gh", "CreateTime": 1, "MsgType": "text"}',  # no sender
    '{"@attack": "x", "MsgType": "text"}', '"just a string"', "{not json",
    '{"ToUserName": "gh", "FromUserName": "o", "CreateTime": 1, "MsgType": "text", "MsgId": "abc"}',
])
def test_json_that_is_not_a_wechat_message_is_malformed(text):
    with pytest.raises(MalformedMessage):
        parse_json(text)
