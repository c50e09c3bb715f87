"""Engine settings that differ between the embedded SQLite and PostgreSQL."""
from __future__ import annotations

from time import monotonic

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

from server.reading import writing
from server.sqlite_writers import queue_writers

SQLITE_BUSY_TIMEOUT_MS = 10_000


# A pooled connection unused for this long is pinged before it is handed out (a server restarted
# meanwhile is found before a request's statement fails on it).
IDLE_PING_SECONDS = 5.0


def configure_engine_events(engine: Engine) -> None:
    ping_idle_connections(engine)
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


def ping_idle_connections(engine: Engine) -> None:
    """Ping a connection before use only when it sat idle: `pool_pre_ping` pings at every
    checkout, a round trip before each transaction, when a connection used moments ago is all but
    certainly alive. A dead one is replaced before use (the pool retries the checkout); one that
    dies while busy fails its request with the 503 of server.handlers.errors, and the pool is
    renewed for the next."""
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:
        record.info["idle_since"] = monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as failure:
            raise DisconnectionError("a pooled connection no longer answers") from failure


def dialect_insert(engine: Engine):
    """The INSERT construct with ON CONFLICT for the engine's database (PostgreSQL or SQLite)."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[engine.dialect.name]
