"""Where statements run: a request's reads outside any transaction on PostgreSQL (in SQLite's
deferred one), the writes of `atomic` in a transaction of their own, jobs in theirs."""
from __future__ import annotations

import psycopg
from sqlalchemy import select, text

from server.audit.models import AuditEntry
from server.extensions import db
from server.transactions import atomic


def _seen_by_the_server() -> str:
    """What the database says of the session's connection: PostgreSQL's pg_stat_activity state
    ('idle': no transaction open, 'idle in transaction'); on SQLite whether the driver is in one."""
    dbapi_connection = db.session.connection().connection.dbapi_connection
    if db.engine.dialect.name == "sqlite":
        return "idle in transaction" if dbapi_connection.in_transaction else "idle"
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as other:
        return other.execute("SELECT state FROM pg_stat_activity WHERE pid = %s",
                             (dbapi_connection.info.backend_pid,)).fetchone()[0]


@atomic
def _write_and_look() -> str:
    db.session.add(AuditEntry(actor_kind="system", action="test.written", subject_kind="test", subject_id="1"))
    db.session.flush()
    return _seen_by_the_server()


def test_a_requests_reads_hold_no_transaction_on_postgresql_and_its_write_has_one(app):
    with app.test_request_context("/"):
        db.session.execute(select(AuditEntry.id)).all()
        read = _seen_by_the_server()
        assert read == ("idle in transaction" if db.engine.dialect.name == "sqlite" else "idle")
        assert _write_and_look() == "idle in transaction"
        db.session.execute(select(AuditEntry.id)).all()  # after the commit, reads as before
        assert _seen_by_the_server() == read
        assert db.session.scalars(select(AuditEntry.action)).all() == ["test.written"]
        db.session.remove()


def test_outside_requests_reads_keep_their_transaction(app_context):
    db.session.execute(text("SELECT 1"))
    assert _seen_by_the_server() == "idle in transaction"
    db.session.rollback()
