"""The app builds its provider once from its config; under test that is the sandbox's merchant."""
from __future__ import annotations

from server import outside
from server.payments.providers import WeChatPayV3


def test_the_app_has_one_provider_aimed_at_the_sandbox(app, sandbox):
    with app.app_context():
        provider = outside.payment_provider()
        assert provider is outside.payment_provider()
        assert isinstance(provider, WeChatPayV3)
        assert provider.mch_id == sandbox.settings.wechat_pay.mch_id
        provider.close("E-never-opened")
    assert sandbox.calls("/v3/pay/transactions/out-trade-no/E-never-opened/close")[0].status == 404
