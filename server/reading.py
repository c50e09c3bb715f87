"""Where a statement runs: inside `server.transactions.atomic` in the write's transaction, and
otherwise — on PostgreSQL, in a request — outside any transaction.

A read-committed transaction gives a read no more than autocommit does (each statement sees what
is committed when it starts) but costs two round trips of its own, its BEGIN and its closing
ROLLBACK; a save read before its write and again after the commit paid four. Writes cannot run
there: every write goes through `atomic` (a flush outside it is refused), whose transaction
begins on the engine itself. Jobs and commands outside requests keep their transactions. On
SQLite a transaction costs no round trip and reads keep theirs (deferred, beside the one writer).
"""
from __future__ import annotations

from contextvars import ContextVar

from flask import current_app, has_request_context
from flask_sqlalchemy.session import Session
from sqlalchemy import Engine

# Set by server.transactions.atomic while a write runs; read by server.database (SQLite begins
# such a transaction IMMEDIATE) and by RequestSession.
writing: ContextVar[bool] = ContextVar("writing", default=False)


class RequestSession(Session):
    """Flask-SQLAlchemy's session, choosing the engine's autocommit face for a request's reads."""

    def get_bind(self, *args, **kwargs):
        bind = super().get_bind(*args, **kwargs)
        if (isinstance(bind, Engine) and bind.dialect.name == "postgresql" and not writing.get()
                and has_request_context()):
            return _autocommit(bind)
        return bind


def _autocommit(engine: Engine) -> Engine:
    """The engine's face without transactions, made once per app (it shares the engine's pool)."""
    faces: dict[Engine, Engine] = current_app.extensions.setdefault("autocommit_engines", {})
    found = faces.get(engine)
    if found is None:
        found = faces.setdefault(engine, engine.execution_options(isolation_level="AUTOCOMMIT"))
    return found
