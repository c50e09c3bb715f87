"""build_mail_sender: the MAIL_* settings in, a working sender out (or a loud error naming the setting)."""
from __future__ import annotations

import pytest

from server import outside
from server.mail import SECURITY_MODES, MailMessage, SmtpMailSender, build_mail_sender
from server.mail.factory import parse_sender

SETTINGS = dict(host="smtp.example.com", sender="新疆建设工程招标投标协会 <noreply@example.com>")


def test_the_port_follows_the_security_mode_unless_given():
    for security, port in (("none", 25), ("starttls", 587), ("ssl", 465)):
        assert f"port={port}," in repr(build_mail_sender(**SETTINGS, security=security))
    assert "port=2525," in repr(build_mail_sender(**SETTINGS, port=2525))


def test_starttls_is_the_default():
    assert "security='starttls'" in repr(build_mail_sender(**SETTINGS))


def test_an_unknown_security_mode_is_refused_naming_the_choices():
    with pytest.raises(ValueError) as refused:
        build_mail_sender(**SETTINGS, security="tls")
    assert str(refused.value) == "MAIL_SECURITY must be one of none, starttls, ssl, not 'tls'"
    assert SECURITY_MODES == ("none", "starttls", "ssl")


def test_missing_settings_are_named_at_build_time():
    with pytest.raises(ValueError, match="MAIL_HOST"):
        build_mail_sender(**{**SETTINGS, "host": ""})
    with pytest.raises(ValueError, match="MAIL_FROM"):
        build_mail_sender(**{**SETTINGS, "sender": ""})
    with pytest.raises(ValueError, match="MAIL_PASSWORD"):
        build_mail_sender(**SETTINGS, username="user")


def test_the_sender_may_be_a_bare_address_or_have_a_chinese_name():
    assert parse_sender("noreply@example.com").display_name == ""
    named = parse_sender("新疆建设工程招标投标协会 <noreply@example.com>")
    assert (named.display_name, named.addr_spec) == ("新疆建设工程招标投标协会", "noreply@example.com")
    with pytest.raises(ValueError):
        parse_sender("协会 <not an address>")


def test_the_password_never_shows_in_its_repr():
    sender = build_mail_sender(**SETTINGS, username="user", password="s3cret-pass")
    assert "s3cret-pass" not in repr(sender)


def test_the_app_sends_through_its_configured_server_the_sandbox_here(app, sandbox):
    with app.app_context():
        sender = outside.mail_sender()
        assert isinstance(sender, SmtpMailSender)
        sender.send(MailMessage(to="zhangsan@example.com", subject="测试", text="你好"))
    assert [mail.subject for mail in sandbox.mails] == ["测试"]
