"""Engine settings that differ between the embedded SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from server.sqlite_writers import queue_writers
from server.transactions import writing

SQLITE_BUSY_TIMEOUT_MS = 10_000


def configure_engine_events(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    queue_writers(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writing transaction (server.transactions.atomic) begins IMMEDIATE: it takes the write
        # lock up front, so concurrent writers queue on the busy timeout instead of failing
        # mid-transaction — SQLite's way to the one-winner outcomes PostgreSQL gets from row
        # locks. Reads begin DEFERRED and run beside each other and beside the one writer (WAL).
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # one statement on its own (the status read): no transaction to begin
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing.get() else "BEGIN")


def dialect_insert(engine: Engine):
    """The INSERT construct with ON CONFLICT for the engine's database (PostgreSQL or SQLite)."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[engine.dialect.name]
