"""Each push handled once: the key WeChat advises, and two stores that claim it atomically."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import redis

from server.wechat.official_account import DEDUP_SECONDS, InboundMessage, MemorySeenStore, RedisSeenStore, dedup_key


def _message(**fields) -> InboundMessage:
    base = dict(kind="event", event="subscribe", from_openid="oUser", to="gh", create_time=1700000000,
                msg_id=None)
    return InboundMessage(**{**base, **fields})


def test_a_message_is_known_by_its_msg_id():
    assert dedup_key(_message(kind="text", event=None, msg_id="123")) == "msg:123"


def test_an_event_is_known_by_sender_and_create_time_and_kind():
    assert dedup_key(_message()) == "event:oUser:1700000000:subscribe"
    assert dedup_key(_message()) != dedup_key(_message(create_time=1700000001))
    assert dedup_key(_message()) != dedup_key(_message(from_openid="oOther"))
    assert dedup_key(_message()) != dedup_key(_message(event="location"))  # two events in one second


@pytest.fixture(params=["memory", "redis"])
def store(request, redis_url, redis_key_prefix):
    if request.param == "memory":
        yield MemorySeenStore()
        return
    connection = redis.Redis.from_url(redis_url)
    yield RedisSeenStore(connection, prefix=redis_key_prefix)
    connection.close()


def test_the_first_delivery_claims_the_key_and_later_ones_see_it(store):
    assert store.seen_before("msg:1") is False
    assert store.seen_before("msg:1") is True
    assert store.seen_before("msg:2") is False


def test_the_first_reply_is_kept_for_the_retries(store):
    store.seen_before("msg:1")
    assert store.remembered_reply("msg:1") is None  # still being handled
    store.remember_reply("msg:1", "您的申报正在审核中")
    assert store.remembered_reply("msg:1") == "您的申报正在审核中"


def test_a_forgotten_key_is_handled_afresh(store):
    store.seen_before("msg:1")
    store.remember_reply("msg:1", "x")
    store.forget("msg:1")
    assert store.seen_before("msg:1") is False
    assert store.remembered_reply("msg:1") is None


def test_of_many_simultaneous_deliveries_exactly_one_claims_the_key(store):
    barrier = threading.Barrier(8)
    claims = []

    def deliver():
        barrier.wait()
        claims.append(store.seen_before("msg:race"))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claims) == [False] + [True] * 7


def test_the_memory_store_forgets_after_the_dedup_window(time_machine):
    time_machine.move_to(datetime(2026, 11, 25, tzinfo=UTC), tick=False)
    store = MemorySeenStore()
    store.seen_before("msg:1")
    store.remember_reply("msg:1", "x")
    time_machine.shift(timedelta(seconds=DEDUP_SECONDS - 1))
    assert store.seen_before("msg:1") is True
    time_machine.shift(timedelta(seconds=2))
    assert store.remembered_reply("msg:1") is None
    assert store.seen_before("msg:1") is False


def test_the_redis_store_sets_the_dedup_window_as_ttl(redis_url, redis_key_prefix):
    connection = redis.Redis.from_url(redis_url)
    store = RedisSeenStore(connection, prefix=redis_key_prefix)
    store.seen_before("msg:1")
    store.remember_reply("msg:1", "x")
    ttls = [connection.ttl(key) for key in connection.scan_iter(match=f"{redis_key_prefix}:*")]
    connection.close()
    assert len(ttls) == 2 and all(DEDUP_SECONDS - 5 < ttl <= DEDUP_SECONDS for ttl in ttls)
