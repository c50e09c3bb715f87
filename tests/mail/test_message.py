"""build_email: the MIME message a mail client decodes back to the same Chinese text and names."""
from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.policy import SMTP

import pytest

from server.mail import Attachment, MailMessage, build_email
from server.mail.factory import parse_sender
from server.mail.message import is_mail_address, safe_filename

SENDER = parse_sender("新疆建设工程招标投标协会 <noreply@xjztb.example>")
WHEN = datetime(2026, 12, 8, 2, 30, tzinfo=UTC)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4


def _wire(message: MailMessage) -> bytes:
    return build_email(message, SENDER, date=WHEN).as_bytes(policy=SMTP)


def _read(wire: bytes):
    return email.message_from_bytes(wire, policy=email.policy.default)


def receipt_mail(**overrides) -> MailMessage:
    fields = dict(to="zhangsan@example.com", subject="【缴费凭证】评标专家培训费 350.00 元",
                  text="张三，您好：\n您已缴纳评标专家培训费 350.00 元，缴费凭证见附件。",
                  attachments=(Attachment("缴费凭证-SJ0001.pdf", "application/pdf", PDF),))
    return MailMessage(**{**fields, **overrides})


def test_a_chinese_subject_is_an_rfc_2047_encoded_word_that_decodes_back():
    wire = _wire(receipt_mail())
    subject_line = next(line for line in wire.split(b"\r\n") if line.startswith(b"Subject:"))
    assert subject_line.startswith(b"Subject: =?utf-8?")
    assert _read(wire)["Subject"] == "【缴费凭证】评标专家培训费 350.00 元"


def test_a_chinese_attachment_name_is_an_rfc_2231_parameter_and_the_bytes_survive():
    wire = _wire(receipt_mail())
    assert b"filename*=utf-8''%E7%BC%B4%E8%B4%B9%E5%87%AD%E8%AF%81-SJ0001.pdf" in wire
    [part] = list(_read(wire).iter_attachments())
    assert part.get_filename() == "缴费凭证-SJ0001.pdf"
    assert part.get_content_type() == "application/pdf"
    assert part.get_payload(decode=True) == PDF


def test_the_whole_message_is_seven_bit_with_crlf_lines():
    wire = _wire(receipt_mail(html="<p>张三，您好</p>"))
    assert max(wire) < 128, "no 8-bit bytes: servers without 8BITMIME take it too"
    assert b"\n" not in wire.replace(b"\r\n", b"")


def test_text_and_html_are_alternatives_and_read_back_in_chinese():
    message = _read(_wire(receipt_mail(html="<p>张三，您好</p>")))
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content().startswith("张三，您好：\n您已缴纳")
    assert message.get_body(("html",)).get_content().strip() == "<p>张三，您好</p>"


def test_the_sender_keeps_its_chinese_name_and_the_date_is_the_given_instant():
    message = _read(_wire(receipt_mail()))
    assert message["From"].addresses[0].display_name == "新疆建设工程招标投标协会"
    assert message["From"].addresses[0].addr_spec == "noreply@xjztb.example"
    assert message["Date"].datetime == WHEN
    assert message["Message-ID"].endswith("@xjztb.example>")


def test_line_breaks_in_a_subject_cannot_add_headers():
    message = _read(_wire(receipt_mail(subject="凭证\r\nBcc: victim@example.com")))
    assert message["Bcc"] is None
    assert message["Subject"] == "凭证 Bcc: victim@example.com"


def test_a_path_in_an_attachment_name_is_cut_to_its_last_part():
    assert safe_filename("../../etc/凭证.pdf") == "凭证.pdf"
    assert safe_filename("C:\\Users\\张三\\发票.pdf") == "发票.pdf"
    assert safe_filename("发票\r\n.pdf") == "发票 .pdf"
    assert safe_filename("..") == "attachment"


@pytest.mark.parametrize("address", ["zhangsan@example.com", "a.b+c@mail.example.cn", "123213@123.io"])
def test_plain_addresses_are_accepted(address):
    assert is_mail_address(address)


@pytest.mark.parametrize("address", ["", "zhangsan", "a@b", "a b@example.com", "a@example.com\r\nBcc: x@y.z",
                                     "张三@例子.中国", "a@-example.com", "<a@example.com>"])
def test_malformed_or_header_smuggling_addresses_are_refused(address):
    assert not is_mail_address(address)
    with pytest.raises(ValueError):
        build_email(receipt_mail(to=address), SENDER, date=WHEN)


def test_an_attachment_must_have_a_real_content_type():
    for bad in ("pdf", "multipart/mixed", "message/rfc822", "text/plain\r\nX: y"):
        with pytest.raises(ValueError):
            build_email(receipt_mail(attachments=(Attachment("a.pdf", bad, PDF),)), SENDER, date=WHEN)
