"""WeChat credentials that travel in query strings are masked in urllib3's request log."""
from __future__ import annotations

import logging

from server.wechat.log_redaction import RedactWeChatCredentials, install


def _record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("urllib3.connectionpool", logging.DEBUG, __file__, 1, message, args, None)


def test_secret_code_and_token_values_are_masked():
    record = _record('%s "%s %s"', "http://h:1", "GET",
                     "/sns/jscode2session?appid=wx1&secret=S3CR3T&js_code=C0DE&grant_type=x"
                     "&access_token=T0K3N")
    RedactWeChatCredentials().filter(record)
    message = record.getMessage()
    assert "S3CR3T" not in message and "C0DE" not in message and "T0K3N" not in message
    assert "appid=wx1" in message and "secret=***" in message and "grant_type=x" in message


def test_errcode_is_not_mistaken_for_a_code():
    record = _record("errcode=40029 ok")
    RedactWeChatCredentials().filter(record)
    assert record.getMessage() == "errcode=40029 ok"


def test_installing_twice_adds_one_filter():
    install()
    install()
    filters = logging.getLogger("urllib3.connectionpool").filters
    assert sum(isinstance(f, RedactWeChatCredentials) for f in filters) == 1
