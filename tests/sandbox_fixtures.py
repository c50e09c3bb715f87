"""pytest fixtures for the outside-systems sandbox (load with pytest_plugins = ["tests.sandbox_fixtures"]).

`sandbox` is one SandboxServer for the whole session, on a free loopback port; its state (tokens,
users, codes, faults, records) is reset before every test that uses it. The other fixtures build the
real adapters pointed at it (the app itself is pointed at it by server.devserver.config_for_sandbox).
"""
from __future__ import annotations

import os
import uuid
from typing import Any, Iterator

import pytest
import redis

from server.sandbox import SandboxServer, SandboxSettings
from server.sms import SmsSender, build_sms_sender
from server.wechat import SharedTokenWeChatClient, make_wechat_client

__all__ = ["official_account_client", "redis_key_prefix", "redis_url", "sandbox", "sandbox_reset",
           "sms_sender", "wechat_client"]

SMS_SIGN_NAME = "评标专家申报"
SMS_TEMPLATE_ID = "1234567"

# One server even if this module's fixtures end up defined in several conftests (import *).
_shared: dict[str, Any] = {"server": None, "users": 0}


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    if _shared["server"] is None:
        server = SandboxServer(SandboxSettings.generate())
        server.start()
        _shared["server"] = server
    _shared["users"] += 1
    try:
        yield _shared["server"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared["server"].stop()
            _shared["server"] = None


@pytest.fixture(autouse=True)
def sandbox_reset(request: pytest.FixtureRequest) -> None:
    """Before each test that uses the sandbox (directly or through another fixture): a clean slate."""
    if "sandbox" in request.fixturenames:
        request.getfixturevalue("sandbox").reset()


@pytest.fixture
def wechat_client(sandbox: SandboxServer) -> Iterator[SharedTokenWeChatClient]:
    """The real client (wechatpy underneath), memory token storage, aimed at the sandbox."""
    settings = sandbox.settings
    client = make_wechat_client(settings.wechat_appid, settings.wechat_secret,
                                api_base_url=sandbox.wechat_api_base_url, redis_url=None, timeout=2.0)
    yield client
    client._http.close()


@pytest.fixture
def official_account_client(sandbox: SandboxServer) -> Iterator[SharedTokenWeChatClient]:
    """The official account's client (its own appid and token), aimed at the sandbox."""
    settings = sandbox.settings
    client = make_wechat_client(settings.oa_appid, settings.oa_secret,
                                api_base_url=sandbox.wechat_api_base_url, redis_url=None, timeout=2.0)
    yield client
    client._http.close()


@pytest.fixture
def sms_sender(sandbox: SandboxServer) -> SmsSender:
    """The real Tencent Cloud SMS client, aimed at the sandbox."""
    settings = sandbox.settings
    return build_sms_sender(secret_id=settings.tencent_secret_id,
                            secret_key=settings.tencent_secret_key,
                            sdk_app_id=settings.sms_sdk_app_id, sign_name=SMS_SIGN_NAME,
                            template_id=SMS_TEMPLATE_ID, endpoint=sandbox.sms_endpoint, timeout=2.0)


@pytest.fixture(scope="session")
def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_key_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own; every key under it is deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    connection = redis.Redis.from_url(redis_url)
    try:
        keys = list(connection.scan_iter(match=f"{prefix}:*"))
        if keys:
            connection.delete(*keys)
    finally:
        connection.close()
