"""The pages people read: the SMS inbox (newest first, phone and code) that the demo uses."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import requests


def _send(sms_sender, phone: str, code: str) -> None:
    sms_sender.send_code(phone, code, 5)


def test_the_inbox_lists_messages_newest_first_with_phone_and_code(sandbox, sms_sender):
    _send(sms_sender, "13800138000", "111111")
    _send(sms_sender, "13900139000", "222222")
    page = requests.get(sandbox.base_url + "sandbox/sms", timeout=2)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    html = page.text
    assert "沙箱短信收件箱" in html and 'lang="zh-CN"' in html
    rows = re.findall(r'data-phone="([^"]+)".*?class="code">(\d+)<', html, re.S)
    assert rows == [("+8613900139000", "222222"), ("+8613800138000", "111111")]


def test_an_empty_inbox_says_so_in_chinese(sandbox):
    assert "还没有收到短信" in requests.get(sandbox.base_url + "sandbox/sms", timeout=2).text


def test_the_inbox_can_refresh_itself_for_the_demo(sandbox):
    html = requests.get(sandbox.base_url + "sandbox/sms?refresh=3", timeout=2).text
    assert '<meta http-equiv="refresh" content="3">' in html


def test_the_json_inbox_gives_the_same_messages(sandbox, sms_sender, time_machine):
    time_machine.move_to(datetime(2024, 11, 20, 2, 30, tzinfo=UTC))
    _send(sms_sender, "13800138000", "333333")
    [message] = requests.get(sandbox.base_url + "sandbox/sms.json", timeout=2).json()["messages"]
    assert (message["phone"], message["code"], message["params"]) == (
        "+8613800138000", "333333", ["333333", "5"])
    assert message["sent_at"].startswith("2024-11-20 10:30")  # Beijing time


def test_the_index_links_to_the_inbox(sandbox):
    for path in ["", "sandbox/"]:
        html = requests.get(sandbox.base_url + path, timeout=2).text
        assert "本地沙箱" in html and "/sandbox/sms" in html


def test_a_notification_shows_as_the_text_the_phone_would_show(sandbox, sms_sender):
    sandbox.register_sms_template("4100001", "您的申报已审核通过，{1}起可缴费。")
    sms_sender.send_template("13800138000", "4100001", ["12月8日10:30"])
    html = requests.get(sandbox.base_url + "sandbox/sms", timeout=2).text
    assert re.search(r'class="code"></td>.*?class="text">您的申报已审核通过，12月8日10:30起可缴费。<', html, re.S)
    [message] = requests.get(sandbox.base_url + "sandbox/sms.json", timeout=2).json()["messages"]
    assert (message["code"], message["text"]) == (None, "您的申报已审核通过，12月8日10:30起可缴费。")
