"""Upload, claim, read and clean up files.

`upload` and `remove_unclaimed` are each one transaction. `claim` is a step inside the caller's
transaction: the application service that puts a file into a slot claims it and commits both
together. A refused upload stores nothing: it is inspected, outside any transaction, before any
byte is written.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from server import clock
from server.accounts.actors import Actor
from server.audit.services import record
from server.errors import InvalidInput, NotFound, ServiceUnavailable
from server.extensions import db
from server.files import kinds
from server.files.blobs import drop_blob_if_unreferenced, lock_blob
from server.files.inspection import Inspected, inspect_upload
from server.files.models import FileKind, StoredFile
from server.files.names import clean_name, download_name
from server.files.pdfs import check_pdf
from server.files.storage import BlobMissing, StorageUnavailable, blob_key, storage
from server.transactions import atomic

log = logging.getLogger(__name__)

EXTENSIONS = {"image/jpeg": ".jpg", "application/pdf": ".pdf"}
FILE_NOT_FOUND = "文件不存在"
FILE_GONE = "文件不存在或已过期，请重新上传"
UNCLAIMED_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class OpenedFile:
    file: StoredFile
    data: bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.file.content_type, "")

    @property
    def download_name(self) -> str:
        return download_name(self.file.original_name, self.extension)


def parse_kind(value: str | FileKind, field: str = "kind") -> FileKind:
    try:
        return FileKind(value)
    except ValueError:
        choices = "、".join(k.value for k in FileKind)
        raise InvalidInput.field(field, f"文件类型须为以下之一：{choices}") from None


def upload(account_id: int, kind: str | FileKind, filename: str | None, data: bytes,
           field: str = "file") -> StoredFile:
    """Inspect and store one upload of `account_id`; unclaimed, it is removed after a day."""
    kind = parse_kind(kind)
    rule = kinds.rule(kind)
    clean_name(filename, rule.label, "", field)  # a bad name is refused before any work
    inspected = inspect_upload(kind, data, field)
    name = clean_name(filename, rule.label, inspected.extension, field)
    sha256 = blob_key(inspected.data)
    try:
        return _store(account_id, kind, name, inspected, sha256)
    except OSError:
        log.exception("could not store an upload")
        _forget_blob(sha256)
        raise ServiceUnavailable("文件保存失败，请稍后重试") from None
    except BaseException:
        _forget_blob(sha256)
        raise


@atomic
def _store(account_id: int, kind: FileKind, name: str, inspected: Inspected, sha256: str) -> StoredFile:
    row = StoredFile(owner_account_id=account_id, kind=kind, sha256=sha256, size=len(inspected.data),
                     content_type=inspected.content_type, original_name=name,
                     width=inspected.width, height=inspected.height)
    lock_blob(sha256)
    storage().put(inspected.data)
    db.session.add(row)
    db.session.flush()
    record(Actor.applicant(account_id), "file.uploaded", "stored_file", row.id, kind=kind.value, size=row.size)
    return row


def _forget_blob(sha256: str) -> None:
    """After a failed upload: remove its blob unless another row shares it."""
    try:
        drop_blob_if_unreferenced(sha256)
    except Exception:  # the original failure matters more; an orphan blob only wastes space
        log.exception("could not remove the blob of a failed upload")


def claim(file_id: int, account_id: int, allowed_kinds: Iterable[FileKind],
          field: str = "file_id") -> StoredFile:
    """The owner's file, if of an allowed kind, marked as claimed (in the caller's transaction).

    Errors name `field`, the caller's field that carried the file id.
    """
    allowed = list(allowed_kinds)
    row = db.session.execute(
        select(StoredFile).where(StoredFile.id == file_id).with_for_update()).scalar_one_or_none()
    if row is None or row.owner_account_id != account_id:
        raise InvalidInput.field(field, FILE_GONE)
    if row.kind not in allowed:
        wanted = "或".join(kinds.label(k) for k in allowed)
        raise InvalidInput.field(field, f"此处须上传{wanted}，所选文件是{kinds.label(row.kind)}")
    if row.claimed_at is None:
        row.claimed_at = clock.now()
    return row


def pdf_pages(row: StoredFile) -> int | None:
    """The page count of a stored PDF (checked at upload), or None for an image."""
    if row.content_type != "application/pdf":
        return None
    return check_pdf(_read(row).data).pages


def page_photo(file_id: int, account_id: int, allowed_kinds: Iterable[FileKind], field: str) -> bytes:
    """The bytes of one of the owner's uploads of an allowed kind, read to be built into another file
    (left unclaimed: once built in, the photo itself is not needed and goes with the unclaimed)."""
    allowed = list(allowed_kinds)
    row = db.session.get(StoredFile, file_id)
    if row is None or row.owner_account_id != account_id:
        raise InvalidInput.field(field, FILE_GONE)
    if row.kind not in allowed:
        wanted = "或".join(kinds.label(k) for k in allowed)
        raise InvalidInput.field(field, f"此处须上传{wanted}，所选文件是{kinds.label(row.kind)}")
    return _read(row).data


def _read(row: StoredFile) -> OpenedFile:
    try:
        return OpenedFile(row, storage().get(row.sha256))
    except StorageUnavailable:
        log.exception("file store unavailable reading %s", row.id)
        raise ServiceUnavailable("文件存储暂时不可用，请稍后重试") from None
    except BlobMissing:
        log.error("stored file %s has no blob %s", row.id, row.sha256)
        raise NotFound(FILE_NOT_FOUND) from None


def open_if(file_id: int, may_read: Callable[[StoredFile], bool]) -> OpenedFile:
    """The file and its bytes if `may_read` says so; otherwise the same NotFound as a missing file.

    The domain that knows who may read what (the owner; the review for staff) gives the predicate."""
    row = db.session.get(StoredFile, file_id)
    if row is None or not may_read(row):
        raise NotFound(FILE_NOT_FOUND)
    return _read(row)


def open_for_owner(file_id: int, account_id: int) -> OpenedFile:
    return open_if(file_id, lambda row: row.owner_account_id == account_id)


def remove_unclaimed(older_than: timedelta = UNCLAIMED_LIFETIME, now: datetime | None = None) -> int:
    """Delete uploads never claimed and older than `older_than` at `now`, and the blobs no row shares."""
    removed = _remove_unclaimed_rows(now or clock.now(), older_than)
    for sha256 in sorted(set(removed)):
        drop_blob_if_unreferenced(sha256)
    return len(removed)


@atomic
def _remove_unclaimed_rows(moment: datetime, older_than: timedelta) -> list[str]:
    removed = db.session.execute(
        delete(StoredFile)
        .where(StoredFile.claimed_at.is_(None), StoredFile.created_at < moment - older_than)
        .returning(StoredFile.sha256)
        .execution_options(synchronize_session=False)).scalars().all()
    if removed:
        record(Actor.system(), "file.unclaimed_removed", "stored_file", "*", count=len(removed))
    return list(removed)
