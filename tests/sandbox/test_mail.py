"""The sandbox's SMTP server and mailbox: a real SMTP listener beside the HTTP one, the mailbox
page the demo shows (newest first, Beijing time, attachments downloadable), its JSON, and faults."""
from __future__ import annotations

import re
import smtplib
from datetime import UTC, datetime

import pytest
import requests

from server.mail import Attachment, MailMessage, TemporaryMailError
from server.sandbox import SandboxServer

PDF = b"%PDF-1.4\n" + b"x" * 300


def _mail(subject: str, to: str = "zhangsan@example.com", attachments=()) -> MailMessage:
    return MailMessage(to=to, subject=subject, text=f"{subject}的正文", attachments=attachments)


def test_the_smtp_server_runs_beside_the_http_server_until_stopped():
    with SandboxServer() as server:
        port = server.mail_port
        assert port > 0 and server.mail_host == "127.0.0.1"
        with smtplib.SMTP(server.mail_host, port, timeout=2) as connection:
            assert connection.noop()[0] == 250
    with pytest.raises(OSError):
        smtplib.SMTP("127.0.0.1", port, timeout=2)


def test_the_mailbox_lists_mails_newest_first_with_subject_recipient_and_body(sandbox, mail_sender):
    mail_sender.send(_mail("第一封", "first@example.com"))
    mail_sender.send(_mail("第二封", "second@example.com"))
    page = requests.get(sandbox.base_url + "sandbox/mail", timeout=2)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    html = page.text
    assert "沙箱邮箱" in html and 'lang="zh-CN"' in html
    assert re.findall(r'class="subject">([^<]+)<', html) == ["第二封", "第一封"]
    assert re.findall(r'class="to">([^<]+)<', html) == ["second@example.com", "first@example.com"]
    assert "第二封的正文" in html


def test_the_mailbox_shows_the_time_in_beijing(sandbox, mail_sender, time_machine):
    time_machine.move_to(datetime(2026, 12, 8, 2, 30, 5, tzinfo=UTC), tick=False)
    mail_sender.send(_mail("缴费凭证"))
    html = requests.get(sandbox.base_url + "sandbox/mail", timeout=2).text
    assert '<span class="received-at">2026-12-08 10:30:05</span>' in html


def test_an_attachment_downloads_with_its_chinese_name_and_bytes(sandbox, mail_sender):
    mail_sender.send(_mail("缴费凭证", attachments=(Attachment("缴费凭证.pdf", "application/pdf", PDF),)))
    html = requests.get(sandbox.base_url + "sandbox/mail", timeout=2).text
    [link] = re.findall(r'<a href="(/sandbox/mail/\d+/attachments/0)">缴费凭证.pdf</a>', html)
    download = requests.get(sandbox.base_url.rstrip("/") + link, timeout=2)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%E7%BC%B4%E8%B4%B9%E5%87%AD%E8%AF%81.pdf" in download.headers["Content-Disposition"]


def test_an_unknown_attachment_is_not_found(sandbox, mail_sender):
    mail_sender.send(_mail("无附件"))
    [mail] = sandbox.mails
    for path in (f"sandbox/mail/{mail.id}/attachments/0", "sandbox/mail/999/attachments/0"):
        assert requests.get(sandbox.base_url + path, timeout=2).status_code == 404


def test_an_empty_mailbox_says_so_in_chinese(sandbox):
    assert "还没有收到邮件" in requests.get(sandbox.base_url + "sandbox/mail", timeout=2).text


def test_the_index_links_to_the_mailbox(sandbox):
    assert 'href="/sandbox/mail"' in requests.get(sandbox.base_url, timeout=2).text


def test_the_json_mailbox_gives_the_same_mails_newest_first(sandbox, mail_sender, time_machine):
    time_machine.move_to(datetime(2026, 12, 8, 2, 30, tzinfo=UTC), tick=False)
    mail_sender.send(_mail("一"))
    mail_sender.send(_mail("二", attachments=(Attachment("凭证.pdf", "application/pdf", PDF),)))
    mails = requests.get(sandbox.base_url + "sandbox/mail.json", timeout=2).json()["mails"]
    assert [mail["subject"] for mail in mails] == ["二", "一"]
    assert mails[0]["attachments"] == [{"filename": "凭证.pdf", "content_type": "application/pdf",
                                        "size": len(PDF)}]
    assert mails[0]["received_at"] == "2026-12-08 10:30:00"
    assert mails[0]["to"] == "zhangsan@example.com" and mails[0]["text"].startswith("二的正文")


def test_refusals_can_be_planned_over_http_for_the_demo(sandbox, mail_sender):
    reply = requests.post(sandbox.base_url + "sandbox/mail/refusals", json={"code": 451, "times": 1},
                          timeout=2)
    assert reply.status_code == 200
    assert reply.json()["rcpt"] == [{"code": 451, "remaining": 1}]
    with pytest.raises(TemporaryMailError):
        mail_sender.send(_mail("被拒"))


@pytest.mark.parametrize("body", [{}, {"code": 250}, {"code": 600}, {"code": "550"}, {"code": 550, "times": 0},
                                  {"code": 550, "stage": "helo"}])
def test_a_malformed_refusal_is_a_400_naming_the_rules(sandbox, body):
    reply = requests.post(sandbox.base_url + "sandbox/mail/refusals", json=body, timeout=2)
    assert reply.status_code == 400 and "400-599" in reply.json()["error"]


def test_the_python_api_refuses_codes_that_are_not_refusals(sandbox):
    for code in (250, 354, 600):
        with pytest.raises(ValueError):
            sandbox.mail_fail_next(code)


def test_reset_empties_the_mailbox_drops_refusals_and_brings_the_server_back(sandbox, mail_sender):
    mail_sender.send(_mail("旧邮件"))
    sandbox.mail_fail_next(550)
    sandbox.mail_down()
    sandbox.reset()
    assert sandbox.mails == []
    mail_sender.send(_mail("新邮件"))
    assert [mail.subject for mail in sandbox.mails] == ["新邮件"]


def test_the_port_stays_the_same_when_the_server_goes_down_and_up(sandbox):
    port = sandbox.mail_port
    sandbox.mail_down()
    sandbox.mail_up()
    assert sandbox.mail_port == port
