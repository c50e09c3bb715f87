"""Each push handled once, though WeChat may deliver it up to four times.

WeChat retries a push it got no answer to within 5 seconds (three retries). WeChat's advice: tell
messages apart by MsgId, events by FromUserName + CreateTime. The first delivery claims the key
(`seen_before` is an atomic check-and-mark); the reply it produced is remembered for a while, so a
retry, whose answer is the only one WeChat will still show, repeats that reply instead of running
the handler again.

Two stores: memory (one process) and Redis (every worker). A database table would do as well;
anything with these four methods is a SeenStore.
"""
from __future__ import annotations

import threading
import time
from typing import Protocol

import redis

from server.wechat.official_account.messages import InboundMessage

# Longer than WeChat's retries (about 15 s) and than the freshness window (protocol.py).
DEDUP_SECONDS = 600


def dedup_key(message: InboundMessage) -> str:
    if message.msg_id:
        return f"msg:{message.msg_id}"
    return f"event:{message.from_openid}:{message.create_time}:{message.event or message.kind}"


class SeenStore(Protocol):
    def seen_before(self, key: str) -> bool:
        """Mark `key` as seen; True if it already was (then do not handle the push again)."""

    def remember_reply(self, key: str, reply: str) -> None:
        """Keep the reply given to `key`'s first delivery, for its retries."""

    def remembered_reply(self, key: str) -> str | None:
        """The reply kept for `key` (None while the first delivery is still being handled, or if
        it had nothing to say)."""

    def forget(self, key: str) -> None:
        """Unmark `key` (its handler failed), so a retry handles it afresh."""


class MemorySeenStore:
    """For one process (the dev server, tests); entries expire by `time.time()`."""

    def __init__(self, ttl_seconds: int = DEDUP_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, str | None]] = {}

    def _prune(self, now: float) -> None:
        for key in [key for key, (expires, _) in self._entries.items() if expires <= now]:
            del self._entries[key]

    def seen_before(self, key: str) -> bool:
        now = time.time()
        with self._lock:
            self._prune(now)
            if key in self._entries:
                return True
            self._entries[key] = (now + self._ttl, None)
            return False

    def remember_reply(self, key: str, reply: str) -> None:
        with self._lock:
            if key in self._entries:
                self._entries[key] = (self._entries[key][0], reply)

    def remembered_reply(self, key: str) -> str | None:
        with self._lock:
            entry = self._entries.get(key)
            return entry[1] if entry and entry[0] > time.time() else None

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


class RedisSeenStore:
    """Shared by every worker: SET NX claims a key; the reply sits beside it with the same TTL."""

    def __init__(self, connection: redis.Redis, *, prefix: str = "wechat-oa-seen",
                 ttl_seconds: int = DEDUP_SECONDS) -> None:
        self._redis = connection
        self._prefix = prefix
        self._ttl = ttl_seconds

    def _key(self, key: str, part: str) -> str:
        return f"{self._prefix}:{part}:{key}"

    def seen_before(self, key: str) -> bool:
        return not self._redis.set(self._key(key, "seen"), b"1", nx=True, ex=self._ttl)

    def remember_reply(self, key: str, reply: str) -> None:
        self._redis.set(self._key(key, "reply"), reply.encode("utf-8"), ex=self._ttl)

    def remembered_reply(self, key: str) -> str | None:
        value = self._redis.get(self._key(key, "reply"))
        return value.decode("utf-8") if value is not None else None

    def forget(self, key: str) -> None:
        self._redis.delete(self._key(key, "seen"), self._key(key, "reply"))
