"""The WeChat client: wechatpy's own code against the sandbox, with the access token shared,
refreshed once under a lock, retried at most once, and never waited on forever."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests
from wechatpy.client import WeChatClient as WechatpyClient
from wechatpy.exceptions import WeChatClientException

from server.wechat import SharedTokenWeChatClient, make_wechat_client

IPS = "/cgi-bin/getcallbackip"


def _client(sandbox, *, redis_url=None, prefix="wechat", timeout=2.0) -> SharedTokenWeChatClient:
    settings = sandbox.settings
    return make_wechat_client(settings.wechat_appid, settings.wechat_secret,
                              api_base_url=sandbox.wechat_api_base_url, redis_url=redis_url,
                              timeout=timeout, redis_key_prefix=prefix)


def _issued(sandbox) -> list[str]:
    return [issue.access_token for issue in sandbox.token_requests]


def test_it_is_wechatpys_client_aimed_at_the_sandbox(sandbox, wechat_client):
    assert isinstance(wechat_client, WechatpyClient)
    assert sandbox.wechat_api_base_url + "cgi-bin/" == wechat_client.API_BASE_URL
    assert sandbox.wechat_api_base_url == wechat_client.wxa.API_BASE_URL
    assert sandbox.wechat_api_base_url + "datacube/" == wechat_client.datacube.API_BASE_URL


def test_building_a_client_asks_wechat_nothing(sandbox):
    _client(sandbox)
    assert sandbox.calls() == []


def test_the_token_is_fetched_once_and_then_reused(sandbox, wechat_client):
    first = wechat_client.access_token
    assert wechat_client.misc.get_wechat_ips() == ["127.0.0.1"]
    assert wechat_client.access_token == first
    assert _issued(sandbox) == [first]


def test_a_token_near_its_expiry_is_refreshed_before_use(sandbox, wechat_client, time_machine):
    time_machine.move_to(datetime.now(UTC))
    first = wechat_client.access_token
    time_machine.shift(timedelta(seconds=7200 - 60))
    second = wechat_client.access_token
    assert second != first
    assert _issued(sandbox) == [first, second]


@pytest.mark.parametrize("server_side", ["invalidate_tokens", "expire_tokens"])
def test_a_rejected_token_40001_or_42001_is_refreshed_and_the_call_retried_once(
        sandbox, wechat_client, server_side):
    wechat_client.misc.get_wechat_ips()
    getattr(sandbox, server_side)()  # WeChat now answers 40001 (or 42001) to the token we hold

    assert wechat_client.misc.get_wechat_ips() == ["127.0.0.1"]
    assert len(sandbox.token_requests) == 2
    assert [call.status for call in sandbox.calls(IPS)] == [200, 200, 200]


def test_a_server_that_keeps_answering_40001_raises_after_one_retry(sandbox, wechat_client):
    # wechatpy alone would recurse until RecursionError here; ours makes a bounded number of requests.
    sandbox.issue_broken_tokens()
    with pytest.raises(WeChatClientException) as rejected:
        wechat_client.misc.get_wechat_ips()
    assert rejected.value.errcode == 40001
    assert len(sandbox.token_requests) == 2
    assert len(sandbox.calls(IPS)) == 2


def test_every_request_has_a_timeout_the_token_request_included(sandbox):
    sandbox.delay_next("/cgi-bin/token", seconds=2.0)
    client = _client(sandbox, timeout=0.2)
    with pytest.raises(requests.Timeout):
        _ = client.access_token


def test_an_api_call_that_hangs_times_out(sandbox, wechat_client):
    _ = wechat_client.access_token  # fetched before the delay, so only the API call hangs
    wechat_client._http.default_timeout = 0.2
    wechat_client.timeout = 0.2
    sandbox.delay_next(IPS, seconds=2.0)
    with pytest.raises(requests.Timeout):
        wechat_client.misc.get_wechat_ips()


def test_wechats_wrong_secret_answer_is_raised_not_retried(sandbox):
    client = make_wechat_client(sandbox.settings.wechat_appid, "wrong-secret",
                                api_base_url=sandbox.wechat_api_base_url, redis_url=None, timeout=2.0)
    with pytest.raises(WeChatClientException) as refused:
        client.misc.get_wechat_ips()
    assert refused.value.errcode == 40125
    assert len(sandbox.token_requests) == 1


def test_the_secret_is_not_in_the_clients_repr(sandbox, wechat_client):
    assert sandbox.settings.wechat_secret not in repr(wechat_client)


class TestSharedThroughRedis:
    def test_two_clients_share_one_token_request(self, sandbox, redis_url, redis_key_prefix):
        one = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)
        two = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)

        assert one.misc.get_wechat_ips() == two.misc.get_wechat_ips()
        assert one.access_token == two.access_token
        assert len(sandbox.token_requests) == 1

    def test_the_expiry_is_shared_too(self, sandbox, redis_url, redis_key_prefix, time_machine):
        time_machine.move_to(datetime.now(UTC))
        one = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)
        two = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)
        first = one.access_token
        time_machine.shift(timedelta(hours=2))

        # `two` never fetched a token, yet knows the shared one has expired.
        second = two.access_token
        assert second != first
        assert one.access_token == second
        assert len(sandbox.token_requests) == 2

    def test_many_processes_refreshing_at_once_make_one_request(self, sandbox, redis_url,
                                                                 redis_key_prefix):
        clients = [_client(sandbox, redis_url=redis_url, prefix=redis_key_prefix) for _ in range(6)]
        sandbox.delay_next("/cgi-bin/token", seconds=0.3)  # a slow WeChat: everyone arrives meanwhile
        start = threading.Barrier(len(clients))

        def token(client):
            start.wait()
            return client.access_token

        with ThreadPoolExecutor(len(clients)) as pool:
            tokens = set(pool.map(token, clients))

        assert len(tokens) == 1
        assert len(sandbox.token_requests) == 1

    def test_a_token_rejected_in_one_process_is_replaced_for_all(self, sandbox, redis_url,
                                                                 redis_key_prefix):
        one = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)
        two = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)
        one.misc.get_wechat_ips()
        sandbox.invalidate_tokens()

        one.misc.get_wechat_ips()  # 40001 → one refresh
        two.misc.get_wechat_ips()  # uses the replacement: no 40001, no request of its own
        assert len(sandbox.token_requests) == 2
        assert [call.status for call in sandbox.calls(IPS)] == [200, 200, 200, 200]
        assert one.access_token == two.access_token == sandbox.token_requests[-1].access_token

    def test_the_token_lives_under_the_configured_prefix(self, sandbox, redis_url, redis_key_prefix):
        import redis

        client = _client(sandbox, redis_url=redis_url, prefix=redis_key_prefix)
        _ = client.access_token
        keys = {key.decode() for key in redis.Redis.from_url(redis_url).scan_iter(f"{redis_key_prefix}:*")}
        appid = sandbox.settings.wechat_appid
        assert keys == {f"{redis_key_prefix}:{appid}_access_token",
                        f"{redis_key_prefix}:{appid}_access_token_expires_at"}
