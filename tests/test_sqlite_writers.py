"""On SQLite, writers queue on a lock file beside the database (woken by the kernel the moment
the writer before them ends), not in SQLite's sleeping busy handler."""
from __future__ import annotations

import fcntl
import os
import threading

from sqlalchemy import create_engine

from server.sqlite_writers import queue_writers, write_turn


def _lock_is_free(path: str) -> bool:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_writer_holds_the_lock_file_for_its_whole_turn(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    queue_writers(engine)
    lock = str(tmp_path / "app.db-writers.lock")
    with write_turn(engine):
        assert not _lock_is_free(lock)  # another process's writer would wait here
    assert _lock_is_free(lock)


def test_the_next_writer_goes_on_when_the_one_before_it_ends(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    queue_writers(engine)
    order: list[str] = []
    second_waiting = threading.Event()

    def second() -> None:
        second_waiting.set()
        with write_turn(engine):
            order.append("second")

    with write_turn(engine):
        order.append("first")
        worker = threading.Thread(target=second)
        worker.start()
        assert second_waiting.wait(timeout=5)
        order.append("first done")
    worker.join(timeout=5)
    assert order == ["first", "first done", "second"]

