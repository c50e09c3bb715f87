"""One token refresh at a time: across processes with Redis, across threads without it.

WeChat issues a new access_token per request to /cgi-bin/token and the daily quota is small; N
workers noticing an expired token at once must make one request, not N.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

import redis
from redis.exceptions import LockError
from wechatpy.exceptions import WeChatClientException


class TokenLock(Protocol):
    def hold(self) -> AbstractContextManager[None]: ...


class LocalTokenLock:
    """For memory storage: the token lives in this process only, so a thread lock is enough."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._lock:
            yield


class RedisTokenLock:
    """A Redis lock whose lease outlives one slow token request, and whose wait is bounded."""

    def __init__(self, client: redis.Redis, name: str, *, request_timeout: float) -> None:
        lease = request_timeout * 2 + 5
        self._lock = client.lock(name, timeout=lease, blocking_timeout=lease, sleep=0.05)

    @contextmanager
    def hold(self) -> Iterator[None]:
        try:
            acquired = self._lock.acquire()
        except LockError:
            acquired = False
        if not acquired:
            raise WeChatClientException(None, "access_token refresh lock not acquired")
        try:
            yield
        finally:
            try:
                self._lock.release()
            except LockError:  # lease ran out while we worked; someone else may hold it now
                pass
