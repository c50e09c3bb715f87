"""The review queue (资格审核列表): one filtered, paginated read of the applications.

One function, `review_queue(filter)`, answers a page: a COUNT and one SELECT of the listed columns
only (no entities, so no lazy loads and no N+1). Every filter is a WHERE on a column of
`applications`; batch, state, prefecture and the ID number's last 4 are indexed. The export reads
the same query without the page limit (`queue_rows`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.sql import Select

from server.accounts.actors import Scope
from server.accounts.models import StaffMember
from server.applications.models import Application, ApplicationSnapshot, ApplicationState
from server.applications.personal_data import decrypt_id_number, mask_id_number
from server.applications.snapshot import LATEST_SNAPSHOT_ID
from server.clock import beijing_day_start
from server.extensions import db
from server.reference import services as reference
from server.reference.catalog import Catalog
from server.reference.options import bundled_options

PER_PAGE = 20
SPECIALTY_PREFIX = re.compile(r"^A\d{0,6}$")


@dataclass(frozen=True)
class QueueFilter:
    """What the reviewer asked for. `state=None` means every state; dates are Beijing dates."""

    batch_id: int | None = None
    state: ApplicationState | None = ApplicationState.pending_review
    prefecture_code: str | None = None
    name: str = ""
    id_last4: str = ""
    specialty: str = ""  # a catalog code prefix (A04, A0401…), matched in primary or alternate picks
    submitted_from: date | None = None
    submitted_to: date | None = None
    page: int = 1
    per_page: int = PER_PAGE
    scope: Scope = Scope()  # what the viewer may see: nothing unless scoped to a staff member

    def scoped_to(self, staff: StaffMember) -> "QueueFilter":
        """Whatever the request asked for, only the prefectures the staff member sees."""
        return replace(self, scope=Scope.of(staff))


@dataclass(frozen=True)
class QueueRow:
    id: int
    name: str | None
    id_number_masked: str
    prefecture_code: str | None
    prefecture_name: str
    title: str | None
    title_level: str | None
    primary_level1: str  # "A04 设计"
    primary_level2: tuple[str, ...]  # ("A0401 建筑工程", …)
    submitted_at: datetime | None  # info submitted (资料提交)
    review_submitted_at: datetime | None  # submitted for review (提交审核)
    state: ApplicationState
    expert_number: str | None
    snapshot_id: int | None  # the submission the list shows (bulk approval checks it is still current)

    @property
    def primary_specialty(self) -> str:
        return " / ".join(part for part in (self.primary_level1, "、".join(self.primary_level2)) if part)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    per_page: int
    filter: QueueFilter = field(repr=False)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)


# What a row shows comes from the last submission (its snapshot), never from a draft the applicant
# is editing after a withdrawal; the state, dates and the prefecture it was sent to are columns.
_COLUMNS = (Application.id, ApplicationSnapshot.data, Application.id_number_last4,
            Application.review_prefecture_code, Application.submitted_at,
            Application.review_submitted_at, Application.state, Application.expert_number,
            ApplicationSnapshot.id)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _specialty_clause(prefix: str):
    """Any pick starting with `prefix` in either JSON list (stored as `["A04", "A0401", …]`)."""
    pattern = f'%"{_like_escape(prefix)}%'
    return or_(cast(Application.primary_specialties, String).like(pattern, escape="\\"),
               cast(Application.alternate_specialties, String).like(pattern, escape="\\"))


def _conditions(query: QueueFilter) -> list:
    # Only applications that were submitted at least once; drafts never reach a reviewer.
    conditions: list = [Application.submitted_at.is_not(None), query.scope.where(Application.review_prefecture_code)]
    if query.batch_id is not None:
        conditions.append(Application.batch_id == query.batch_id)
    if query.state is not None:
        conditions.append(Application.state == query.state)
    if query.prefecture_code:
        conditions.append(Application.review_prefecture_code == query.prefecture_code)
    if query.name.strip():
        conditions.append(Application.name.like(f"%{_like_escape(query.name.strip())}%", escape="\\"))
    if query.id_last4.strip():
        conditions.append(Application.id_number_last4 == query.id_last4.strip().upper())
    if query.specialty.strip() and SPECIALTY_PREFIX.match(query.specialty.strip().upper()):
        conditions.append(_specialty_clause(query.specialty.strip().upper()))
    if query.submitted_from is not None:
        conditions.append(Application.review_submitted_at >= beijing_day_start(query.submitted_from))
    if query.submitted_to is not None:
        conditions.append(Application.review_submitted_at
                          < beijing_day_start(query.submitted_to + timedelta(days=1)))
    return conditions


_ORDER = (Application.review_submitted_at.asc().nulls_last(), Application.submitted_at.asc(), Application.id.asc())


def _select(query: QueueFilter, limit: int | None = None, offset: int = 0) -> Select:
    """Oldest submission first: the queue is worked in the order applicants submitted.

    The page's applications are chosen first, and only they are joined to their latest snapshot:
    joining every matching application's snapshot made PostgreSQL read every snapshot's form
    data before the limit (150 ms for a page of a queue of 10,000 once 500 had submitted)."""
    chosen = select(Application.id).where(and_(*_conditions(query))).order_by(*_ORDER)
    if limit is not None:
        chosen = chosen.limit(limit).offset(offset)
    page = chosen.subquery()
    # The application_id equality lets PostgreSQL reach the snapshot by index.
    latest = and_(ApplicationSnapshot.application_id == Application.id, ApplicationSnapshot.id == LATEST_SNAPSHOT_ID)
    return (select(*_COLUMNS).join_from(Application, page, Application.id == page.c.id)
            .outerjoin(ApplicationSnapshot, latest).order_by(*_ORDER))


def count(query: QueueFilter) -> int:
    return db.session.execute(
        select(func.count()).select_from(Application).where(and_(*_conditions(query)))).scalar_one()


def _masked(token: str | None, last4: str | None) -> str:
    if token:
        return mask_id_number(decrypt_id_number(token))
    return f"**************{last4}" if last4 else ""


def _specialty_labels(catalog: Catalog, codes: list[str] | None) -> tuple[str, tuple[str, ...]]:
    picks = [catalog.get(code) for code in (codes or [])]
    level1 = next((node.label for node in picks if node is not None and node.level == 1), "")
    level2 = tuple(node.label for node in picks if node is not None and node.level == 2)
    return level1, level2


def _row(values, catalog: Catalog) -> QueueRow:
    (app_id, data, last4, prefecture_code, submitted_at, review_submitted_at, state, expert_number,
     snapshot_id) = values
    basic = (data or {}).get("basic", {})
    name, token, title, title_level = (basic.get(key) for key in ("name", "id_number_encrypted", "title",
                                                                  "title_level"))
    primary = (data or {}).get("specialties", {}).get("primary")
    prefecture = bundled_options().prefecture(prefecture_code) if prefecture_code else None
    level1, level2 = _specialty_labels(catalog, primary)
    return QueueRow(id=app_id, name=name, id_number_masked=_masked(token, last4),
                    prefecture_code=prefecture_code, prefecture_name=prefecture.name if prefecture else "",
                    title=title, title_level=title_level, primary_level1=level1, primary_level2=level2,
                    submitted_at=submitted_at, review_submitted_at=review_submitted_at,
                    state=state, expert_number=expert_number, snapshot_id=snapshot_id)


def review_queue(query: QueueFilter) -> QueuePage:
    """One page of the filtered queue and the total count (two queries plus the catalog's)."""
    per_page = max(1, min(query.per_page, 200))
    total = count(query)
    pages = max(1, -(-total // per_page))
    page = max(1, min(query.page, pages))
    catalog = reference.catalog()
    result = db.session.execute(_select(query, per_page, (page - 1) * per_page))
    rows = [_row(values, catalog) for values in result]
    return QueuePage(rows=rows, total=total, page=page, per_page=per_page,
                     filter=replace(query, page=page, per_page=per_page))


def queue_rows(query: QueueFilter, chunk: int = 500) -> Iterator[QueueRow]:
    """Every row of the filtered queue, in queue order (the export), streamed in chunks."""
    catalog = reference.catalog()
    result = db.session.execute(_select(query).execution_options(yield_per=chunk))
    for values in result:
        yield _row(values, catalog)


def names_of(application_ids: list[int], scope: Scope) -> dict[int, str]:
    """Applicants' names by application id (for messages about a bulk action), only of submitted
    applications in the viewer's scope."""
    if not application_ids:
        return {}
    query = select(Application.id, Application.name).where(Application.id.in_(application_ids),
                                                           Application.submitted_at.is_not(None),
                                                           scope.where(Application.review_prefecture_code))
    rows = db.session.execute(query)
    return {app_id: name or "" for app_id, name in rows}
