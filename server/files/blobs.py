"""Keeping blobs and rows consistent when several rows share one blob.

A blob may be deleted only when no row refers to it, and a new row may refer to a blob only if
the blob is there. Both sides take `lock_blob(sha)` inside their transaction before touching the
blob: a PostgreSQL advisory lock on the hash, or on SQLite the database write lock that every
writing transaction takes (`BEGIN IMMEDIATE`, see server/transactions.py). The lock ends with the
transaction.

Other areas keep blobs too (notice attachments, admission letters): they name their `sha256`
column with `keeps_blobs`, and a blob any of those columns names is kept.
"""
from __future__ import annotations

from sqlalchemy import exists, select, text
from sqlalchemy.orm import InstrumentedAttribute

from server.extensions import db
from server.files.models import StoredFile
from server.files.storage import storage
from server.transactions import atomic

# Columns that name blobs by their hash: uploads, and documents other areas keep (receipts,
# issued invoices). A blob stays while any of them names it.
_REFERRERS: list[InstrumentedAttribute[str]] = [StoredFile.sha256]


def keeps_blobs(column: InstrumentedAttribute) -> None:
    """Register another column whose rows refer to blobs by hash (at import of its models)."""
    if not any(known is column for known in _REFERRERS):
        _REFERRERS.append(column)


def is_referenced(sha256: str) -> bool:
    return any(db.session.scalar(select(exists().where(column == sha256))) for column in _REFERRERS)


def lock_blob(sha256: str) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(sha256[:15], 16)})
    else:
        db.session.execute(text("SELECT 1"))  # starts the transaction, which holds the write lock


@atomic
def drop_blob_if_unreferenced(sha256: str) -> bool:
    """One transaction: delete the blob unless a row still refers to it. True if deleted."""
    lock_blob(sha256)
    referenced = is_referenced(sha256)
    if not referenced:
        storage().delete(sha256)
    return not referenced
