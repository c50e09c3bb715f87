"""The review sheet's PDF, rendered on the first download of a submission and served from the
blob store afterwards: printing it again costs a read, and every copy carries the same bytes."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from server.applications.models import ApplicationSnapshot
from server.documents.models import KeptReviewSheet
from server.documents.review_sheet_pdf import review_sheet_pdf
from server.documents.review_sheet_source import current_snapshot, sheet_for
from server.documents.verification import verify_url
from server.extensions import db
from server.files.blobs import drop_blob_if_unreferenced, lock_blob
from server.files.storage import BlobMissing, blob_key, storage
from server.transactions import atomic


def current_sheet_pdf(account_id: int) -> tuple[bytes, int]:
    """The PDF of the applicant's current submission and its sequence number."""
    snapshot = current_snapshot(account_id)
    return sheet_pdf(snapshot), snapshot.sequence


def sheet_pdf(snapshot: ApplicationSnapshot) -> bytes:
    url = verify_url(snapshot.application_id, snapshot.sequence)
    sha256 = db.session.scalar(_KEPT, {"snapshot_id": snapshot.id, "url": url})
    if sha256 is not None:
        try:
            return storage().get(sha256)
        except BlobMissing:
            return _rendered(snapshot)  # served, and kept again only when its row is gone
    pdf = _rendered(snapshot)  # outside any transaction: nobody waits on the write lock for it
    try:
        _keep(snapshot.id, url, pdf)
    except IntegrityError:  # a parallel first download kept its copy first: both are the same sheet
        drop_blob_if_unreferenced(blob_key(pdf))
    return pdf


def _rendered(snapshot: ApplicationSnapshot) -> bytes:
    return review_sheet_pdf(sheet_for(snapshot), current_app.config["PDF_FONT_PATH"])


_KEPT = select(KeptReviewSheet.sha256).where(KeptReviewSheet.snapshot_id == bindparam("snapshot_id"),
                                             KeptReviewSheet.verify_url == bindparam("url"))  # built once


@atomic
def _keep(snapshot_id: int, url: str, pdf: bytes) -> None:
    sha256 = blob_key(pdf)
    lock_blob(sha256)
    storage().put(pdf)
    db.session.add(KeptReviewSheet(snapshot_id=snapshot_id, verify_url=url, sha256=sha256, size=len(pdf)))
    db.session.flush()
