"""build_sms_sender: the app's config names in, a working sender out (or a loud error)."""
from __future__ import annotations

import pytest

from server.sms import TencentSmsSender, build_sms_sender
from server.sms.tencent import DEFAULT_ENDPOINT

SETTINGS = {"secret_id": "AKIDx", "secret_key": "k", "sdk_app_id": "1400000001", "sign_name": "签名",
                "template_id": "1"}


def test_without_an_endpoint_it_talks_to_tencent_cloud():
    sender = build_sms_sender(**SETTINGS)
    assert isinstance(sender, TencentSmsSender)
    assert DEFAULT_ENDPOINT in repr(sender)


def test_with_an_endpoint_it_talks_to_that_stand_in():
    sender = build_sms_sender(**SETTINGS, endpoint="http://127.0.0.1:5001/")
    assert "http://127.0.0.1:5001/" in repr(sender)


def test_missing_settings_are_named_at_build_time():
    with pytest.raises(ValueError) as missing:
        build_sms_sender(**{**SETTINGS, "secret_key": "", "template_id": ""})
    assert str(missing.value) == "SMS settings missing: secret_key, template_id"


def test_the_sandbox_credentials_build_a_sender_it_accepts(sandbox):
    settings = sandbox.settings
    sender = build_sms_sender(secret_id=settings.tencent_secret_id,
                              secret_key=settings.tencent_secret_key,
                              sdk_app_id=settings.sms_sdk_app_id, sign_name="评标专家申报",
                              template_id="1234567", region="ap-guangzhou",
                              endpoint=sandbox.sms_endpoint)
    sender.send_code("13800138000", "246810", 10)
    assert sandbox.last_sms_code("13800138000") == "246810"
