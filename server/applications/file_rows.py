"""What the applicant's view shows of each file an application refers to, as plain rows (loading
ORM objects costs several times more), alone or with a draft's facts in one statement.

Those columns never change once a file is stored, so the rows a request read are kept for the rest
of it: a submit reads them with the facts its check needs, before its write, and its answer shows
them without asking again."""
from __future__ import annotations

from flask import g
from sqlalchemy import Row, bindparam, literal, select

from server.applications.drafts import FACT_COLUMNS, DraftFacts, facts_of, facts_parameters
from server.applications.models import Application
from server.applications.slots import referenced_file_ids
from server.extensions import db
from server.files.models import StoredFile

# Built once; the second is one row even without files.
_FILE_COLUMNS = (StoredFile.id, StoredFile.kind, StoredFile.original_name, StoredFile.content_type, StoredFile.size)
_REFERENCED = StoredFile.id.in_(bindparam("ids", expanding=True))
_FILES = select(*_FILE_COLUMNS).where(_REFERENCED)
_FILES_AND_FACTS = (select(*_FILE_COLUMNS, *FACT_COLUMNS).select_from(select(literal(1)).subquery())
                    .outerjoin(StoredFile, _REFERENCED))


def file_rows(application: Application) -> dict[str, Row]:
    """The application's files by id (as the view's keys are: strings)."""
    ids = referenced_file_ids(application)
    kept = _kept()
    missing = ids - kept.keys()
    if missing:
        kept.update((row.id, row) for row in db.session.execute(_FILES, {"ids": list(missing)}))
    return {str(file_id): kept[file_id] for file_id in ids if file_id in kept}


def file_rows_and_facts(application: Application) -> tuple[dict[str, Row], DraftFacts]:
    """The application's files and its draft's facts, in one statement."""
    ids = referenced_file_ids(application)
    rows = db.session.execute(_FILES_AND_FACTS, {"ids": list(ids), **facts_parameters(application)}).all()
    found = {row.id: row for row in rows if row.id is not None}
    _kept().update(found)
    return {str(file_id): row for file_id, row in found.items()}, facts_of(rows[0])


def _kept() -> dict[int, Row]:
    """The file rows read in this request (or job: the app context's)."""
    return g.setdefault("file_rows", {})
