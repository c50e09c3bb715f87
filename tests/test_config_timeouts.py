"""Every call to an outside system has a timeout, and the settings cannot make it unbounded."""
from __future__ import annotations

import pytest

from server.config import from_environment

TIMEOUTS = {"WECHAT_TIMEOUT_SECONDS": 5, "WECHAT_PAY_TIMEOUT_SECONDS": 5, "SMS_TIMEOUT_SECONDS": 5,
            "MAIL_TIMEOUT_SECONDS": 10, "S3_TIMEOUT_SECONDS": 5}


def test_each_outside_system_has_a_default_timeout(monkeypatch):
    for name in TIMEOUTS:
        monkeypatch.delenv(name, raising=False)
    config = from_environment()
    assert {name: config[name] for name in TIMEOUTS} == TIMEOUTS


def test_a_timeout_is_read_in_seconds(monkeypatch):
    monkeypatch.setenv("WECHAT_TIMEOUT_SECONDS", "2.5")
    assert from_environment()["WECHAT_TIMEOUT_SECONDS"] == 2.5


@pytest.mark.parametrize("name", list(TIMEOUTS))
@pytest.mark.parametrize("value", ["0", "-1", "61", "3600", "five"])
def test_a_timeout_that_would_wait_forever_or_not_at_all_is_refused_by_name(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        from_environment()
