"""When Redis is down the server keeps serving: the access token falls back to this process's
memory (refetched when needed) and its refresh lock to a thread lock, until Redis answers again.

A Redis that fails is not asked again for `RETRY_AFTER` seconds, so a dead Redis costs one
connection timeout now and then, not one per request.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from redis.exceptions import RedisError
from wechatpy.session.memorystorage import MemoryStorage

from server.wechat.token_lock import LocalTokenLock, TokenLock

log = logging.getLogger(__name__)
RETRY_AFTER = 30.0


class Breaker:
    """Remembers that Redis failed, and for how long not to try it."""

    def __init__(self, meanwhile: str = "the WeChat token is kept in this process for now") -> None:
        self._until, self._meanwhile = 0.0, meanwhile

    @property
    def open(self) -> bool:
        return time.monotonic() < self._until

    def tripped(self, error: Exception) -> None:
        if not self.open:
            log.warning("Redis unavailable (%s): %s", error, self._meanwhile)
        self._until = time.monotonic() + RETRY_AFTER


class FallbackStorage:
    """wechatpy's session storage: Redis, or this process's memory while Redis is down."""

    def __init__(self, shared: Any) -> None:
        self._shared, self._local, self.breaker = shared, MemoryStorage(), Breaker()

    def _do(self, operation: str, *args: Any) -> Any:
        if not self.breaker.open:
            try:
                return getattr(self._shared, operation)(*args)
            except RedisError as error:
                self.breaker.tripped(error)
        return getattr(self._local, operation)(*args)

    def get(self, key: str, default: Any = None) -> Any:
        return self._do("get", key, default)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self._do("set", key, value, ttl)

    def delete(self, key: str) -> None:
        self._do("delete", key)


class FallbackLock:
    """The Redis lock, or a thread lock while the storage's Redis is down."""

    def __init__(self, shared: TokenLock, storage: FallbackStorage) -> None:
        self._shared, self._local, self._storage = shared, LocalTokenLock(), storage
        self._guard = threading.Lock()

    @contextmanager
    def hold(self) -> Iterator[None]:
        if not self._storage.breaker.open:
            try:
                with self._shared.hold():
                    yield
                return
            except RedisError as error:
                self._storage.breaker.tripped(error)
        with self._local.hold():
            yield
