"""The applicant's view of an application, kept per process between changes.

Every applicant repeats the same read (the home card, each page) and it changes only when the
application does: its `version` column grows with every write to the row (list items touch it),
so a key made of the version, the viewer and the deadlines already passed can never name a stale
view. No invalidation is needed anywhere: a change makes a new key, and old keys age out.

Each process keeps the views it served; with REDIS_URL the workers of every host also share them
(one render per change, not one per worker). A Redis that fails is left alone for a while and
each process renders for itself meanwhile.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import datetime
from threading import Lock

import redis
from flask import current_app
from redis.exceptions import RedisError

from server.applications import lifecycle
from server.applications.status_read import Stamp
from server.wechat.resilient import Breaker

CAPACITY = 1_000  # ~6 KB each: at most ~6 MB per worker (with REDIS_URL, Redis holds the rest)
SHARED_SECONDS = 2 * 24 * 3600  # in Redis: a view unread for two days is rendered again


@dataclass(frozen=True, slots=True)
class ViewKey:
    application_id: int
    version: int
    viewer_id: int
    viewer_phone: str | None
    batch_id: int
    batch_version: int
    moments_passed: int  # how many of the dates that change what the applicant may do have passed


class ViewCache:
    """A bounded least-recently-used map from keys to rendered response bodies, in front of
    Redis when one is given."""

    def __init__(self, capacity: int = CAPACITY, shared: redis.Redis | None = None, prefix: str = "") -> None:
        self._capacity, self._shared, self._prefix = capacity, shared, prefix
        self._bodies: OrderedDict[ViewKey, bytes] = OrderedDict()
        self._lock = Lock()
        self.breaker = Breaker("applicants' views are cached per process for now")

    def get_or_render(self, key: ViewKey, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
                return body
        body = self._shared_get(key)
        if body is None:
            body = render()
            self._shared_set(key, body)
        self._keep(key, body)
        return body

    def put(self, key: ViewKey, body: bytes) -> None:
        """A view rendered elsewhere (a write's answer) for the read that follows."""
        self._shared_set(key, body)
        self._keep(key, body)

    def _keep(self, key: ViewKey, body: bytes) -> None:
        with self._lock:
            self._bodies[key] = body
            if len(self._bodies) > self._capacity:
                self._bodies.popitem(last=False)

    def _name(self, key: ViewKey) -> str:
        return f"{self._prefix}:view:" + ":".join(str(part) for part in astuple(key))

    def _shared_get(self, key: ViewKey) -> bytes | None:
        if self._shared is None or self.breaker.open:
            return None
        try:
            return self._shared.get(self._name(key))
        except RedisError as error:
            self.breaker.tripped(error)
            return None

    def _shared_set(self, key: ViewKey, body: bytes) -> None:
        if self._shared is None or self.breaker.open:
            return
        try:
            self._shared.set(self._name(key), body, ex=SHARED_SECONDS)
        except RedisError as error:
            self.breaker.tripped(error)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()


def moments_passed(moments: tuple[datetime | None, ...], moment: datetime) -> int:
    return sum(1 for at in moments if at is not None and at <= moment)


def view_key(stamp: Stamp, viewer_id: int, viewer_phone: str | None, moment: datetime) -> ViewKey:
    moments = lifecycle.moments(stamp.batch, stamp.approved_at)
    return ViewKey(stamp.application_id, stamp.version, viewer_id, viewer_phone, stamp.batch_id,
                   stamp.batch_version, moments_passed(moments, moment))


def applicant_views() -> ViewCache:
    """The app's cache (one per app, so a test's fresh database never meets another's views)."""
    views = current_app.extensions.get("applicant_views")
    if views is None:
        config = current_app.config
        shared = (redis.Redis.from_url(config["REDIS_URL"], socket_timeout=1, socket_connect_timeout=1)
                  if config["REDIS_URL"] else None)
        views = current_app.extensions.setdefault("applicant_views", ViewCache(
            shared=shared, prefix=config["REDIS_KEY_PREFIX"] or "expert"))
    return views
