"""On SQLite, writers wait their turn in the kernel, not in SQLite's busy handler.

A writer that finds the write lock taken is put to sleep by SQLite's busy handler, which polls
with growing sleeps (up to 100 ms each): in a surge most of a write's wait is sleeping after
the lock was already free, and the slowest writers wait seconds. So every write transaction
(`server.transactions.atomic`) first takes an exclusive `flock` on a file beside the database —
one per process, a thread lock in front of it for the threads of one process — and the kernel
wakes the next writer the moment one ends. PostgreSQL queues writers on its row locks already.
"""
from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine


class WriterQueue:
    def __init__(self, path: str) -> None:
        self._path = path
        self._threads = threading.Lock()
        self._file: int | None = None
        self._pid = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._threads:
            descriptor = self._descriptor()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)

    def _descriptor(self) -> int:
        # A forked worker must not share its parent's open file: a lock on it would be shared too.
        if self._file is None or self._pid != os.getpid():
            self._file, self._pid = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
        return self._file


_queues: WeakKeyDictionary[Engine, WriterQueue] = WeakKeyDictionary()


def queue_writers(engine: Engine) -> None:
    """Give a file-backed SQLite engine its writer queue (an in-memory database has one connection)."""
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file::memory:"):
        _queues[engine] = WriterQueue(f"{database}-writers.lock")


def write_turn(engine: Engine) -> AbstractContextManager[None]:
    """Hold the engine's writer queue for one write transaction (nothing to hold elsewhere)."""
    queue = _queues.get(engine)
    return queue.turn() if queue is not None else nullcontext()
