"""One transaction per service call, and work that may run only once its data is committed.

`atomic` wraps a writing service: it ends the request's reads so far and starts the transaction
(on SQLite with `BEGIN IMMEDIATE`, so the write lock is taken up front and concurrent writers
queue on the busy timeout instead of failing mid-transaction), commits when the service returns,
and rolls back everything when it raises. Nested calls join the outermost one. Reads need no
helper: they run in SQLite's deferred transaction, in parallel with each other and with one
writer, and on PostgreSQL outside any transaction (server.reading).

`after_commit(fn)` queues work that must not happen for data that is rolled back — SMS, mail,
WeChat calls, rendering for them. It runs once the outermost `atomic` has committed, in the order
queued; a rollback drops it. Its exceptions reach the service's caller (the data stays committed).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar, overload

from flask import has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from server.extensions import db
from server.reading import writing
from server.sqlite_writers import write_turn

P = ParamSpec("P")
R = TypeVar("R")

_DEPTH, _QUEUE = "atomic_depth", "after_commit_queue"


class WriteOutsideTransaction(RuntimeError):
    """A request wrote without `atomic`: on SQLite its deferred transaction could fail to upgrade
    to a write at the worst moment, so this is a programming error, caught by the tests."""


@overload
def atomic(service: Callable[P, R]) -> Callable[P, R]: ...
@overload
def atomic(*, keep_loaded: bool) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def atomic(service=None, *, keep_loaded=False):
    """`@atomic`, or `@atomic(keep_loaded=True)` for a service that reads again under its lock
    what it decides on (its aggregate, locked) and whose caller shows what it wrote: what the
    request loaded before stays loaded into the transaction, and what it loaded and wrote stays
    loaded after the commit, instead of being read again each time."""
    if service is None:
        return lambda decorated: _atomic(decorated, keep_loaded)
    return _atomic(service, keep_loaded)


def _atomic(service: Callable[P, R], keep_loaded: bool) -> Callable[P, R]:
    @wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        session = db.session()
        if session.info.get(_DEPTH):
            return _joined(session, service, *args, **kwargs)
        _end_read(session, keep_loaded)
        session.info[_DEPTH] = 1
        token = writing.set(True)
        try:
            with write_turn(db.engine):
                try:
                    result = service(*args, **kwargs)
                    _commit(session, keep_loaded)
                except BaseException:
                    session.rollback()
                    raise
        finally:
            writing.reset(token)
            session.info[_DEPTH] = 0
        _run_queued(session)
        return result

    return wrapper


def _joined(session: Session, service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    session.info[_DEPTH] += 1
    try:
        return service(*args, **kwargs)
    finally:
        session.info[_DEPTH] -= 1


def _end_read(session: Session, keep_loaded: bool) -> None:
    """End the reads the request may have open, so the write begins afresh: SQLite's deferred
    read could fail to become a write, and PostgreSQL's reads ran outside any transaction."""
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        raise WriteOutsideTransaction("unsaved changes before a write transaction began")
    _commit(session, keep_loaded)


def _commit(session: Session, keep_loaded: bool) -> None:
    """Commit; what the session holds stays loaded (`keep_loaded`) or is read again when next used."""
    session.expire_on_commit = not keep_loaded
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def refuse_keeping_changes(refusal: Exception) -> NoReturn:
    """Commit what the refusal itself must leave behind (a wrong password or code counted toward a
    lockout) and raise it: the request fails, its bookkeeping stays."""
    db.session.commit()
    raise refusal


def after_commit(work: Callable[[], object]) -> None:
    """Run `work` once the current write transaction commits; at once when there is none."""
    session = db.session()
    if not session.info.get(_DEPTH):
        work()
        return
    session.info.setdefault(_QUEUE, []).append(work)


def _run_queued(session: Session) -> None:
    queued = session.info.pop(_QUEUE, [])
    for work in queued:
        work()


@event.listens_for(Session, "after_rollback")
def _drop_queued(session: Session) -> None:
    session.info.pop(_QUEUE, None)


@event.listens_for(Session, "before_flush")
def _refuse_unmarked_writes(session: Session, _flush_context, _instances) -> None:
    if has_request_context() and not session.info.get(_DEPTH):
        raise WriteOutsideTransaction("a request wrote outside server.transactions.atomic")
