"""The read every applicant repeats, in one statement: the login behind the bearer token, the
current batch, and the version of the applicant's application in it. That is all it takes to
find the applicant's cached view; on PostgreSQL every statement is a round trip the workers wait
for, so the status read makes one, not four. It runs on the driver directly (server.direct_reads):
around so small a statement, SQLAlchemy's own work cost more than the statement."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, select

from server.accounts import tokens
from server.accounts.models import ApiToken
from server.accounts.tokens import Login
from server.applications import lifecycle
from server.applications.models import Application
from server.batches.models import Batch
from server.batches.services import MOMENT, current_batch_id
from server.clock import now
from server.direct_reads import direct_read
from server.errors import NotFound
from server.extensions import db
from server.kept import kept


@dataclass(frozen=True)
class Stamp:
    """What names one state of the applicant's current application: enough to find its view.
    `batch` is a row of the batch's dates (lifecycle.BATCH_DATES), not the ORM object."""

    batch_id: int
    batch_version: int
    batch: lifecycle.BatchDates
    application_id: int
    version: int
    approved_at: datetime | None


def _statement() -> Select:
    batches, applications, login_tokens = Batch.__table__.c, Application.__table__.c, ApiToken.__table__.c
    return (select(*tokens.LOGIN_COLUMNS, batches.id.label("batch_id"), batches.version.label("batch_version"),
                   applications.id.label("application_id"), applications.version.label("application_version"),
                   applications.approved_at)
            .select_from(tokens.LOGINS
                         .outerjoin(Batch.__table__, batches.id == current_batch_id(MOMENT))
                         .outerjoin(Application.__table__, and_(applications.batch_id == batches.id,
                                                                applications.account_id == login_tokens.account_id)))
            .where(login_tokens.id == bindparam("token_id")))


_STATUS = _statement()  # built once: building a statement costs more than running this one
_DATES = select(*(Batch.__table__.c[name] for name in lifecycle.BATCH_DATES)).where(
    Batch.__table__.c.id == bindparam("batch_id"))


def _batch_dates(batch_id: int, version: int) -> lifecycle.BatchDates:
    """The batch's dates, kept per batch version (each column a statement reads costs every read)."""
    return kept("batch dates", (batch_id, version),
                lambda: direct_read("batch dates", _DATES, db.engine).one_or_none(batch_id=batch_id))


def status_of(token: str) -> tuple[Login, Stamp | None]:
    """Who asks and which state their application is in (None: no draft in the current batch
    yet); NotLoggedIn or NotFound (no batch) as the full read would say."""
    token_id = tokens.token_id_of(token)
    row = direct_read("status", _STATUS, db.engine).one_or_none(token_id=token_id, moment=now())
    login = tokens.login_from(token_id, row)
    if row.batch_id is None:
        raise NotFound("当前没有开放的选聘批次")
    if row.application_id is None:
        return login, None
    return login, Stamp(row.batch_id, row.batch_version, _batch_dates(row.batch_id, row.batch_version),
                        row.application_id, row.application_version, row.approved_at)
