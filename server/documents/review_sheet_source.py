"""Where a review sheet's content comes from: the application's latest snapshot, its batch, the
reference lists and the photo in the file store."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer

from server.applications import lifecycle
from server.applications.models import Application, ApplicationSnapshot
from server.batches.models import Batch
from server.batches.services import MOMENT, current_batch_id
from server.clock import now
from server.documents.review_sheet import TITLE, Row, Section, flatten, review_sheet_sections
from server.documents.verification import verify_url
from server.errors import Conflict, NotFound
from server.extensions import db
from server.files import services as files
from server.reference import services as reference
from server.reference.options import bundled_options

log = logging.getLogger(__name__)

NOT_SUBMITTED = "尚未提交资料"
WITHDRAWN = "申请已撤回，原审查表已作废；请修改后重新提交，再打印新的审查表"


@dataclass(frozen=True)
class ReviewSheet:
    """Everything the sheet shows, for one submission (snapshot)."""

    application_id: int
    sequence: int
    submitted_at: datetime
    batch_name: str
    applicant_name: str
    sections: list[Section]
    verify_url: str
    photo: bytes | None  # JPEG, or None when the file is gone
    title: str = TITLE

    @property
    def rows(self) -> list[Row]:
        return flatten(self.sections)


def _photo(data: dict) -> bytes | None:
    file_id, owner = data["basic"].get("photo_file_id"), data.get("account_id")
    if not file_id or owner is None:
        return None
    try:
        return files.open_for_owner(file_id, owner).data
    except NotFound:
        log.warning("review sheet: photo %s of account %s is gone", file_id, owner)
        return None


def sheet_for(snapshot: ApplicationSnapshot, *, with_photo: bool = True) -> ReviewSheet:
    application = db.session.get(Application, snapshot.application_id)
    batch = db.session.get(Batch, application.batch_id)
    data = snapshot.data
    sections = review_sheet_sections(data, catalog=reference.catalog(), options=bundled_options(),
                                     registration_deadline=batch.registration_closes_at)
    return ReviewSheet(
        application_id=application.id, sequence=snapshot.sequence, submitted_at=snapshot.taken_at,
        batch_name=batch.name, applicant_name=data["basic"].get("name") or "", sections=sections,
        verify_url=verify_url(application.id, snapshot.sequence),
        photo=_photo(data) if with_photo else None)


_STATE = select(Application.id, Application.state).where(  # built once: each download asks it
    Application.account_id == bindparam("account_id"),
    Application.batch_id == current_batch_id(MOMENT))
_LATEST = (select(ApplicationSnapshot).where(ApplicationSnapshot.application_id == bindparam("application_id"))
           .order_by(ApplicationSnapshot.sequence.desc()).limit(1)
           .options(defer(ApplicationSnapshot.data)))  # read when a sheet is rendered, not to serve a kept one


def current_snapshot(account_id: int) -> ApplicationSnapshot:
    """The applicant's current submission; refused before a submit or after a withdrawal (a
    sheet printed then would already be void). Only the application's id and state are read:
    the sheet comes from the snapshot."""
    application = db.session.execute(_STATE, {"account_id": account_id, "moment": now()}).one_or_none()
    snapshot = (db.session.execute(_LATEST, {"application_id": application.id}).scalar_one_or_none()
                if application is not None else None)
    refuse_unless_printable(application.state if application else None, snapshot is not None)
    return snapshot


def refuse_unless_printable(state: str | None, submitted: bool) -> None:
    """NotFound before the first submit, Conflict once withdrawn: the sheet would be void."""
    if not submitted:
        raise NotFound(NOT_SUBMITTED)
    if state in lifecycle.states_allowing("edit"):
        raise Conflict(WITHDRAWN)


def current_sheet(account_id: int, *, with_photo: bool = True) -> ReviewSheet:
    return sheet_for(current_snapshot(account_id), with_photo=with_photo)
