"""The review sheet's PDF, rendered on the first download of a submission and served from the
blob store afterwards: printing it again costs a read, and every copy carries the same bytes."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import IntegrityError

from server.applications.models import Application, ApplicationSnapshot
from server.applications.snapshot import LATEST_SNAPSHOT_ID
from server.batches.services import MOMENT, current_batch_id
from server.clock import now
from server.documents.models import KeptReviewSheet
from server.documents.review_sheet_pdf import review_sheet_pdf
from server.documents.review_sheet_source import refuse_unless_printable, sheet_for
from server.documents.verification import verify_url
from server.extensions import db
from server.files.blobs import drop_blob_if_unreferenced, lock_blob
from server.files.storage import BlobMissing, blob_key, storage
from server.transactions import atomic

# The applicant's current application, its last submission and the sheets kept of it (one per
# verification address), built once: every print after the first is this one read.
_CURRENT = (select(Application.id.label("application_id"), Application.state,
                   ApplicationSnapshot.id.label("snapshot_id"), ApplicationSnapshot.sequence,
                   KeptReviewSheet.verify_url, KeptReviewSheet.sha256)
            .select_from(Application)
            .outerjoin(ApplicationSnapshot, and_(ApplicationSnapshot.application_id == Application.id,
                                                 ApplicationSnapshot.id == LATEST_SNAPSHOT_ID))
            .outerjoin(KeptReviewSheet, KeptReviewSheet.snapshot_id == ApplicationSnapshot.id)
            .where(Application.account_id == bindparam("account_id"),
                   Application.batch_id == current_batch_id(MOMENT)))


def current_sheet_pdf(account_id: int) -> tuple[bytes, int]:
    """The PDF of the applicant's current submission and its sequence number."""
    rows = db.session.execute(_CURRENT, {"account_id": account_id, "moment": now()}).all()
    current = rows[0] if rows else None
    refuse_unless_printable(current.state if current else None, bool(current and current.snapshot_id))
    url = verify_url(current.application_id, current.sequence)
    kept = next((row.sha256 for row in rows if row.verify_url == url), None)
    return _kept_or_rendered(current.snapshot_id, url, kept), current.sequence


def _kept_or_rendered(snapshot_id: int, url: str, kept: str | None) -> bytes:
    """The kept sheet's bytes (`kept`: their key), or the sheet rendered and kept."""
    if kept is not None:
        try:
            return storage().get(kept)
        except BlobMissing:
            return _rendered(snapshot_id)  # served, and kept again only when its row is gone
    pdf = _rendered(snapshot_id)  # outside any transaction: nobody waits on the write lock for it
    try:
        _keep(snapshot_id, url, pdf)
    except IntegrityError:  # a parallel first download kept its copy first: both are the same sheet
        drop_blob_if_unreferenced(blob_key(pdf))
    return pdf


def _rendered(snapshot_id: int) -> bytes:
    snapshot = db.session.get(ApplicationSnapshot, snapshot_id)
    return review_sheet_pdf(sheet_for(snapshot), current_app.config["PDF_FONT_PATH"])


@atomic
def _keep(snapshot_id: int, url: str, pdf: bytes) -> None:
    sha256 = blob_key(pdf)
    lock_blob(sha256)
    storage().put(pdf)
    db.session.add(KeptReviewSheet(snapshot_id=snapshot_id, verify_url=url, sha256=sha256, size=len(pdf)))
    db.session.flush()
