"""The provider is chosen and configured from settings; missing ones are named at once."""
from __future__ import annotations

import pytest

from server.config import from_environment
from server.dev.devserver import config_for_sandbox
from server.payments.providers import WeChatPayV2, WeChatPayV3, build_payment_provider
from tests.payments.conftest import provider_for


def test_v3_is_the_default_and_v2_is_chosen_by_name(sandbox):
    config = config_for_sandbox(sandbox)
    assert isinstance(build_payment_provider({**config, "PAYMENT_PROVIDER": None}), WeChatPayV3)
    assert isinstance(provider_for(sandbox, "wechat_v2"), WeChatPayV2)


def test_an_unknown_provider_names_the_choices(sandbox):
    with pytest.raises(ValueError, match="wechat_v3, wechat_v2"):
        build_payment_provider({**config_for_sandbox(sandbox), "PAYMENT_PROVIDER": "alipay"})


@pytest.mark.parametrize("name", ["WECHAT_PAY_MCH_ID", "WECHAT_PAY_API_V3_KEY",
                                  "WECHAT_PAY_PRIVATE_KEY_PATH", "WECHAT_PAY_CERT_SERIAL"])
def test_a_missing_v3_setting_is_named(sandbox, name):
    with pytest.raises(ValueError, match=name):
        build_payment_provider({**config_for_sandbox(sandbox), name: None})


def test_v3_needs_the_public_key_or_platform_certificates(sandbox):
    config = {**config_for_sandbox(sandbox), "WECHAT_PAY_PUBLIC_KEY_PATH": None}
    with pytest.raises(ValueError, match="WECHAT_PAY_PLATFORM_CERT_DIR"):
        build_payment_provider(config)
    with pytest.raises(ValueError, match="WECHAT_PAY_PUBLIC_KEY_ID"):
        build_payment_provider({**config_for_sandbox(sandbox), "WECHAT_PAY_PUBLIC_KEY_ID": None})


def test_an_unreadable_key_file_is_named(sandbox, tmp_path):
    missing = str(tmp_path / "apiclient_key.pem")
    with pytest.raises(ValueError, match="apiclient_key.pem"):
        build_payment_provider({**config_for_sandbox(sandbox),
                                "WECHAT_PAY_PRIVATE_KEY_PATH": missing})


def test_a_v3_merchant_on_certificates_downloads_them_when_it_has_none(sandbox, tmp_path):
    empty = tmp_path / "certs"
    provider = provider_for(sandbox, "wechat_v3", "certificate",
                            WECHAT_PAY_PLATFORM_CERT_DIR=str(empty))
    assert [path.name for path in empty.iterdir()] == [
        f"{sandbox.settings.wechat_pay.platform_serial}.pem"]
    assert sandbox.calls("/v3/certificates")[0].status == 200
    provider.close("E-never-opened")


def test_v2_against_the_real_gateway_needs_the_client_certificate(sandbox):
    config = {**config_for_sandbox(sandbox, payment_provider="wechat_v2"),
              "WECHAT_PAY_API_BASE_URL": None}
    with pytest.raises(ValueError, match="WECHAT_PAY_CLIENT_CERT_PATH"):
        build_payment_provider(config)
    with pytest.raises(ValueError, match="go together"):
        build_payment_provider({**config, "WECHAT_PAY_CLIENT_CERT_PATH": "/x.pem"})


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PAYMENT_PROVIDER", "wechat_v2")
    monkeypatch.setenv("WECHAT_APPID", "wx-mini")
    monkeypatch.setenv("WECHAT_PAY_MCH_ID", "1900000109")
    monkeypatch.setenv("WECHAT_PAY_TIMEOUT_SECONDS", "3.5")
    config = from_environment()
    assert (config["PAYMENT_PROVIDER"], config["WECHAT_PAY_APP_ID"], config["WECHAT_PAY_MCH_ID"],
            config["WECHAT_PAY_TIMEOUT_SECONDS"], config["WECHAT_PAY_API_V2_KEY"]) == (
        "wechat_v2", "wx-mini", "1900000109", 3.5, None)


def test_no_key_appears_in_a_providers_repr(sandbox):
    pay = sandbox.settings.wechat_pay
    for name in ("wechat_v3", "wechat_v2"):
        text = repr(provider_for(sandbox, name))
        assert pay.api_v3_key not in text and pay.api_v2_key not in text
