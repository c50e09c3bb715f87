"""A read run on the driver directly answers exactly what SQLAlchemy would, on one connection the
process keeps, closed with the engine."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, event, select

from server.batches.models import Batch
from server.clock import now
from server.direct_reads import DirectRead
from server.extensions import db

_BATCH = Batch.__table__
_OPEN_AT = select(_BATCH).where(_BATCH.c.id == bindparam("batch_id"),
                                _BATCH.c.registration_opens_at <= bindparam("moment"))


def test_it_answers_the_row_sqlalchemy_answers_its_dates_and_lists_converted_alike(app, batch):
    with app.app_context():
        expected = db.session.execute(_OPEN_AT, {"batch_id": batch, "moment": now()}).one()
        found = DirectRead(_OPEN_AT, db.engine).one_or_none(batch_id=batch, moment=now())
        assert tuple(found) == tuple(expected) and found._fields == tuple(expected._fields)
        assert found.registration_opens_at.tzinfo is not None and isinstance(found.allowed_title_levels, list)


def test_no_row_is_none(app, batch):
    with app.app_context():
        read = DirectRead(_OPEN_AT, db.engine)
        assert read.one_or_none(batch_id=batch, moment=now() - timedelta(days=3650)) is None
        assert read.one_or_none(batch_id=batch + 1, moment=now()) is None


def test_later_reads_need_no_connection_from_the_pool_and_disposing_closes_it(app, batch):
    with app.app_context():
        engine = db.engine
        read = DirectRead(_OPEN_AT, engine)
        taken = []

        def checked_out(dbapi_connection, _record, _proxy) -> None:
            taken.append(dbapi_connection)

        event.listen(engine, "checkout", checked_out)
        try:
            for _ in range(3):
                read.one_or_none(batch_id=batch, moment=now())
        finally:
            event.remove(engine, "checkout", checked_out)
        [kept] = taken
        engine.dispose()
        with pytest.raises(engine.dialect.loaded_dbapi.Error):
            kept.cursor().execute("SELECT 1")
