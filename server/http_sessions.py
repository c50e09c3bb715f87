"""A requests session per thread, behind one object the outside clients keep.

requests does not promise that a Session may be shared between threads (psf/requests#2766: its
maintainers advise one per thread), and the outbox's sender delivers from a few threads at once
through the app's one SMS sender and WeChat clients. Each thread gets its own session (its own
connection pool and cookies) on first use; it goes away with the thread.
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

import requests


class PerThreadSession:
    """What the clients call on a session (`request`, `get`, `post`), on the calling thread's own."""

    def __init__(self, make: Callable[[], requests.Session]) -> None:
        self._make = make
        self._local = threading.local()
        self._all: weakref.WeakSet[requests.Session] = weakref.WeakSet()
        self._lock = threading.Lock()

    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._make()
            with self._lock:
                self._all.add(session)
        return session

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        return self.session().request(method, url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.session().get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.session().post(url, **kwargs)

    def close(self) -> None:
        """Close every thread's session (their connections)."""
        with self._lock:
            sessions = list(self._all)
        for session in sessions:
            session.close()
