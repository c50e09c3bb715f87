"""A read every applicant repeats, run straight on the database driver.

Around one execution SQLAlchemy does work of its own — the pool's checkout and return, the
connection's transaction bookkeeping, the execution context — that cost more than the status
read's statement itself (in process, ~0.25 ms of a 0.7 ms request). A `DirectRead` compiles its
statement once for the engine's dialect, applies the type processing SQLAlchemy would (each bind
parameter's and each column's processor, so values come back exactly as through SQLAlchemy), and
runs it outside any transaction on a connection the process keeps out of the pool (set up by the
pool's own `connect` listeners: SQLite's pragmas), through a cursor kept with it, its parameters
in order (psycopg reorders named ones on every execution).

A connection that fails is dropped with the others kept beside it (a restarted server leaves all
of them dead), and the read runs once more through SQLAlchemy, on the pool: there a dead
connection is found, the pool renewed and the error answered as any other outage (503).
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from copy import copy
from typing import Any

from flask import current_app
from sqlalchemy import Dialect, Engine, Select, event

KEEP = 4  # idle connections kept per process: one per thread serving at once (sync workers: one)


class KeptConnections:
    """Cursors on autocommit connections of one engine, each taken by one thread at a time."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._idle: list[Any] = []
        event.listen(engine, "engine_disposed", lambda _engine: self.close_all())

    def take(self) -> Any:
        try:
            return self._idle.pop()
        except IndexError:
            return self._new()

    def give_back(self, cursor: Any) -> None:
        if len(self._idle) < KEEP:
            self._idle.append(cursor)
        else:
            cursor.connection.close()

    def close_all(self, also: Any = None) -> None:
        while self._idle:
            self._idle.pop().connection.close()
        if also is not None:
            also.connection.close()

    def _new(self) -> Any:
        pooled = self._engine.raw_connection()
        pooled.detach()  # ours from now on: closed by close_all, never returned to the pool
        connection = pooled.dbapi_connection
        self._engine.dialect.set_isolation_level(connection, "AUTOCOMMIT")
        return connection.cursor()


class DirectRead:
    """One SELECT of at most one row, compiled once; `one_or_none(**values)` runs it."""

    def __init__(self, statement: Select, engine: Engine, connections: KeptConnections | None = None) -> None:
        dialect = engine.dialect
        compiled = statement.compile(dialect=_positional(dialect))
        self._statement, self._engine = statement, engine
        self._sql = str(compiled)
        self._defaults = dict(compiled.params)
        self._order = tuple(compiled.positiontup)
        self._binds = {name: processor for name, bind in compiled.binds.items()
                       if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))}
        columns = statement.selected_columns
        self._results: list[Callable | None] = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                                                for column in columns]
        self._row = namedtuple("Row", [column.key for column in columns])
        self._dbapi_error = dialect.loaded_dbapi.Error
        self.connections = connections or KeptConnections(engine)

    def one_or_none(self, **values: Any) -> Any:
        cursor = self.connections.take()
        try:
            found = self._execute(cursor, self._parameters(values))
        except self._dbapi_error:
            self.connections.close_all(also=cursor)
            return self._through_sqlalchemy(values)
        self.connections.give_back(cursor)
        return found

    def _parameters(self, values: dict[str, Any]) -> list[Any]:
        parameters = {**self._defaults, **values}
        for name, processor in self._binds.items():
            parameters[name] = processor(parameters[name])
        return [parameters[name] for name in self._order]

    def _execute(self, cursor: Any, parameters: list[Any]) -> Any:
        cursor.execute(self._sql, parameters)
        row = cursor.fetchone()
        if row is None:
            return None
        return self._row._make(value if process is None else process(value)
                               for process, value in zip(self._results, row, strict=True))

    def _through_sqlalchemy(self, values: dict[str, Any]) -> Any:
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            row = connection.execute(self._statement, values).one_or_none()
        return None if row is None else self._row._make(row)


def _positional(dialect: Dialect) -> Dialect:
    """The dialect, or for psycopg (named `%(name)s` parameters) a copy of it that compiles
    positional `%s` ones, which psycopg also takes."""
    if dialect.positional:
        return dialect  # SQLite: `?`
    assert dialect.paramstyle == "pyformat", dialect.paramstyle
    positional = copy(dialect)
    positional.paramstyle, positional.positional = "format", True
    return positional


def direct_read(name: str, statement: Select, engine: Engine) -> DirectRead:
    """The app's DirectRead of `statement` under `name`, made on first use; the app's direct reads
    share the connections kept (one per worker, not one per statement)."""
    reads: dict[str, DirectRead] = current_app.extensions.setdefault("direct_reads", {})
    found = reads.get(name)
    if found is None:
        kept = current_app.extensions.get("kept_connections")
        if kept is None:
            kept = current_app.extensions.setdefault("kept_connections", KeptConnections(engine))
        found = reads.setdefault(name, DirectRead(statement, engine, kept))
    return found
