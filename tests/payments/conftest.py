"""Providers aimed at the session's sandbox, and a loopback endpoint for its notifications."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta

import pytest

from server import clock
from server.dev.devserver import config_for_sandbox
from server.payments.providers import OrderRequest, PaymentProvider, build_payment_provider
from tests.payments.receiver import NotificationReceiver

# (provider, key mode) as a merchant configures them.
MODES = [("wechat_v3", "public_key"), ("wechat_v3", "certificate"), ("wechat_v2", "public_key")]
MODE_IDS = ["v3-public-key", "v3-platform-certificate", "v2"]


def provider_for(sandbox, name: str = "wechat_v3", keys: str = "public_key",
                 **overrides) -> PaymentProvider:
    config = {**config_for_sandbox(sandbox, payment_provider=name, wechat_pay_keys=keys),
              "WECHAT_PAY_TIMEOUT_SECONDS": 2.0, **overrides}
    return build_payment_provider(config)


def new_order(receiver: NotificationReceiver, *, amount_fen: int = 35000,
              openid: str | None = "o-payer-1", hours: int = 2) -> OrderRequest:
    return OrderRequest(out_trade_no="E" + secrets.token_hex(12), amount_fen=amount_fen,
                        description="评标专家培训费", notify_url=receiver.url("payment"),
                        expires_at=clock.now() + timedelta(hours=hours), payer_openid=openid,
                        attach="B001-650100-0001")


@pytest.fixture(scope="session")
def receiver_server() -> Iterator[NotificationReceiver]:
    server = NotificationReceiver()
    yield server
    server.stop()


@pytest.fixture
def receiver(receiver_server: NotificationReceiver) -> NotificationReceiver:
    receiver_server.clear()
    return receiver_server


@pytest.fixture(params=MODES, ids=MODE_IDS)
def provider(request, sandbox, receiver) -> PaymentProvider:
    """Each test runs once per provider and key mode; the receiver answers with that provider."""
    name, keys = request.param
    built = provider_for(sandbox, name, keys)
    receiver.provider = built
    return built
