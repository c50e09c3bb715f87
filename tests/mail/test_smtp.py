"""SmtpMailSender against real SMTP servers on loopback (the sandbox's aiosmtpd): what arrives,
and how each kind of failure is classed for the outbox (temporary: retry later; permanent: don't)."""
from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from server.dev.devserver import SANDBOX_MAIL_FROM
from server.mail import (
    Attachment,
    MailMessage,
    PermanentMailError,
    SmtpMailSender,
    TemporaryMailError,
    build_mail_sender,
)
from server.mail.smtp import BAD_ADDRESS, DEFERRED, MISCONFIGURED, REFUSED, UNAVAILABLE
from server.sandbox.mail import Mailbox, SandboxSmtpServer
from tests.mail.tls import self_signed

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 2000


def receipt(to: str = "zhangsan@example.com") -> MailMessage:
    return MailMessage(to=to, subject="【缴费凭证】评标专家培训费", text="张三，您好：缴费凭证见附件。",
                       attachments=(Attachment("缴费凭证（张三）.pdf", "application/pdf", PDF),))


def _sender(sandbox, **overrides) -> SmtpMailSender:
    settings = sandbox.settings
    options = dict(host=sandbox.mail_host, port=sandbox.mail_port, security="none",
                   username=settings.mail_username, password=settings.mail_password,
                   sender=SANDBOX_MAIL_FROM, timeout=2.0)
    return build_mail_sender(**{**options, **overrides})


# --- what arrives ---------------------------------------------------------------------------


def test_a_chinese_subject_and_attachment_name_arrive_intact(sandbox, mail_sender):
    message_id = mail_sender.send(receipt())

    [mail] = sandbox.mails
    assert mail.subject == "【缴费凭证】评标专家培训费"
    assert mail.text.strip() == "张三，您好：缴费凭证见附件。"
    [attachment] = mail.attachments
    assert (attachment.filename, attachment.content_type) == ("缴费凭证（张三）.pdf", "application/pdf")
    assert attachment.data == PDF
    assert mail.message_id == message_id


def test_the_envelope_and_headers_name_the_recipient_and_the_association(sandbox, mail_sender):
    mail_sender.send(receipt("li.si@example.cn"))
    [mail] = sandbox.mails
    assert mail.envelope_to == ("li.si@example.cn",) and mail.to == "li.si@example.cn"
    assert mail.envelope_from == "noreply@sandbox.invalid"
    assert mail.sender == "新疆建设工程招标投标协会 <noreply@sandbox.invalid>"


def test_the_date_header_is_the_system_clock(sandbox, mail_sender, time_machine):
    time_machine.move_to(datetime(2026, 12, 8, 2, 30, tzinfo=UTC), tick=False)
    mail_sender.send(receipt())
    assert b"Date: Tue, 08 Dec 2026 02:30:00 +0000" in sandbox.mails[0].raw


def test_each_message_gets_its_own_message_id(sandbox, mail_sender):
    first, second = mail_sender.send(receipt()), mail_sender.send(receipt())
    assert first != second
    assert [mail.message_id for mail in sandbox.mails] == [first, second]


# --- failures the outbox retries --------------------------------------------------------------


def test_a_4xx_reply_to_the_recipient_is_temporary(sandbox, mail_sender):
    sandbox.mail_fail_next(450)
    with pytest.raises(TemporaryMailError) as deferred:
        mail_sender.send(receipt())
    assert deferred.value.temporary is True
    assert (deferred.value.smtp_code, str(deferred.value)) == (450, DEFERRED)
    assert "temporarily" in deferred.value.smtp_reply
    assert sandbox.mails == []
    mail_sender.send(receipt())  # the refusal was for one message only
    assert len(sandbox.mails) == 1


def test_a_4xx_reply_after_the_content_is_temporary(sandbox, mail_sender):
    sandbox.mail_fail_next(451, stage="data")
    with pytest.raises(TemporaryMailError) as deferred:
        mail_sender.send(receipt())
    assert deferred.value.smtp_code == 451
    assert sandbox.mails == []


def test_refusals_can_last_several_messages(sandbox, mail_sender):
    sandbox.mail_fail_next(421, times=2)
    for _ in range(2):
        with pytest.raises(TemporaryMailError):
            mail_sender.send(receipt())
    mail_sender.send(receipt())
    assert len(sandbox.mails) == 1


def test_a_refused_connection_is_temporary_and_mail_flows_again_when_the_server_is_back(sandbox, mail_sender):
    sandbox.mail_down()
    with pytest.raises(TemporaryMailError) as down:
        mail_sender.send(receipt())
    assert (down.value.smtp_code, str(down.value)) == (None, UNAVAILABLE)

    sandbox.mail_up()
    mail_sender.send(receipt())
    assert len(sandbox.mails) == 1


def test_a_server_that_never_answers_is_a_temporary_timeout(sandbox):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never greets
    try:
        sender = _sender(sandbox, port=silent.getsockname()[1], timeout=0.3)
        with pytest.raises(TemporaryMailError) as timed_out:
            sender.send(receipt())
    finally:
        silent.close()
    assert str(timed_out.value) == UNAVAILABLE


# --- failures that retrying will not fix ------------------------------------------------------


def test_a_5xx_refused_recipient_is_permanent(sandbox, mail_sender):
    sandbox.mail_fail_next(550)
    with pytest.raises(PermanentMailError) as refused:
        mail_sender.send(receipt())
    assert refused.value.temporary is False
    assert (refused.value.smtp_code, str(refused.value)) == (550, REFUSED)
    assert sandbox.mails == []


def test_a_5xx_reply_to_the_content_is_permanent(sandbox, mail_sender):
    sandbox.mail_fail_next(554, stage="data")
    with pytest.raises(PermanentMailError) as refused:
        mail_sender.send(receipt())
    assert refused.value.smtp_code == 554


def test_a_wrong_password_is_refused_by_the_server_and_permanent(sandbox):
    with pytest.raises(PermanentMailError) as refused:
        _sender(sandbox, password="not-the-password").send(receipt())
    assert refused.value.smtp_code == 535
    assert sandbox.mails == []


def test_without_a_login_the_server_refuses_the_sender(sandbox):
    with pytest.raises(PermanentMailError) as refused:
        _sender(sandbox, username="", password="").send(receipt())
    assert refused.value.smtp_code == 530


def test_a_malformed_address_is_permanent_and_never_reaches_the_server(sandbox, mail_sender):
    with pytest.raises(PermanentMailError) as refused:
        mail_sender.send(receipt("zhangsan@example.com\r\nRCPT TO:<x@y.z>"))
    assert str(refused.value) == BAD_ADDRESS
    assert sandbox.mails == []


def test_starttls_against_a_server_without_it_is_a_setting_to_fix(sandbox):
    with pytest.raises(PermanentMailError) as refused:
        _sender(sandbox, security="starttls").send(receipt())
    assert str(refused.value) == MISCONFIGURED


def test_neither_the_password_nor_the_body_is_logged(sandbox, mail_sender, caplog):
    caplog.set_level(logging.DEBUG, logger="server.mail")
    sandbox.mail_fail_next(550)
    with pytest.raises(PermanentMailError):
        mail_sender.send(receipt())
    mail_sender.send(receipt())
    logged = caplog.text + repr(mail_sender)
    assert sandbox.settings.mail_password not in logged
    assert "缴费凭证见附件" not in logged and "zhangsan@" not in logged
    assert "z***@example.com" in caplog.text


# --- encrypted connections (a server of the test's own with a certificate it made) --------------


@pytest.fixture
def tls(tmp_path):
    return self_signed(tmp_path)


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request, sandbox, tls) -> Iterator[tuple[SandboxSmtpServer, Mailbox, str]]:
    mailbox = Mailbox()
    settings = sandbox.settings
    server = SandboxSmtpServer(mailbox, username=settings.mail_username, password=settings.mail_password,
                               clock=lambda: 0.0, tls_context=tls[0], implicit_tls=request.param == "ssl")
    server.start()
    yield server, mailbox, request.param
    server.stop()


def test_mail_goes_over_starttls_or_implicit_tls_to_a_trusted_certificate(sandbox, tls, tls_server):
    server, mailbox, security = tls_server
    sender = _sender(sandbox, port=server.port, security=security, tls_context=tls[1])
    sender.send(receipt())
    [mail] = mailbox.mails
    assert mail.attachments[0].filename == "缴费凭证（张三）.pdf"


def test_an_untrusted_certificate_is_not_sent_to(sandbox, tls_server):
    server, mailbox, security = tls_server
    sender = _sender(sandbox, port=server.port, security=security)  # the system's CAs only
    with pytest.raises(TemporaryMailError):
        sender.send(receipt())
    assert mailbox.mails == []
