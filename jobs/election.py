"""Who runs the jobs: the process that holds the scheduler's lock, one per deployment.

PostgreSQL: a session-level advisory lock, held by one connection kept open for as long as the
process leads; the lock goes with the connection, so a process that dies lets go at once.
SQLite (one host by nature): an exclusive `flock` on a file beside the database, released by the
kernel when the process dies. A second process tries again every `interval` seconds and takes over.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

ADVISORY_KEY = 0x65787065  # "expe": the scheduler's lock, unique in this database


class Lock(Protocol):
    def try_acquire(self) -> bool: ...

    def still_held(self) -> bool: ...

    def release(self) -> None: ...


class AdvisoryLock:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def try_acquire(self) -> bool:
        connection = self._engine.connect()
        got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
        connection.commit()
        if got:
            self._connection = connection
        else:
            connection.close()
        return bool(got)

    def still_held(self) -> bool:
        if self._connection is None:
            return False
        try:
            held = self._connection.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key "
                "AND pid = pg_backend_pid() AND granted"), {"key": ADVISORY_KEY}).scalar()
            self._connection.commit()
        except Exception:  # the connection is gone, and the lock with it
            return False
        return bool(held)

    def release(self) -> None:
        if self._connection is not None:
            self._connection.close()  # the lock is the session's: it ends with it
            self._connection = None


class FileLock:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def still_held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def scheduler_lock(engine: Engine) -> Lock:
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    database = engine.url.database
    if not database or database == ":memory:":
        raise RuntimeError("the scheduler needs a database file (or PostgreSQL) to elect its leader")
    return FileLock(Path(database).with_suffix(".scheduler.lock"))
