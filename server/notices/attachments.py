"""PDF attachments of a notice: checked like the applicants' uploads, kept in the blob store.

A PDF is inspected whole before anything is written (size, pages, encryption, scripts, attached
files: `server.files.pdfs`); its name is cleaned like any upload's. Attachments are added and
removed while the notice can still be edited; a removed attachment's blob goes when no row names it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from server.accounts.actors import Actor
from server.audit.services import record
from server.errors import InvalidInput, NotFound
from server.extensions import db
from server.files.blobs import drop_blob_if_unreferenced, lock_blob
from server.files.inspection import PDF_SIGNATURE, FileTooLarge
from server.files.kinds import PDF_MAX_BYTES
from server.files.names import clean_name, download_name
from server.files.pdfs import PdfRefused, check_pdf
from server.files.storage import BlobMissing, blob_key, storage
from server.notices.models import NoticeAttachment
from server.notices.services import locked_notice, require_manager
from server.transactions import atomic

MAX_ATTACHMENTS = 5
LABEL = "通知附件"


@dataclass(frozen=True)
class CheckedPdf:
    data: bytes
    name: str
    pages: int


@dataclass(frozen=True)
class OpenedAttachment:
    attachment: NoticeAttachment
    data: bytes

    @property
    def download_name(self) -> str:
        return download_name(self.attachment.original_name, ".pdf")


def check_attachment(filename: str | None, data: bytes) -> CheckedPdf:
    """The PDF if it may be attached; otherwise the reason, on the field `file`."""
    name = clean_name(filename, LABEL, ".pdf")
    if not data:
        raise InvalidInput.field("file", "请选择要上传的 PDF 文件")
    if len(data) > PDF_MAX_BYTES:
        raise FileTooLarge.over(PDF_MAX_BYTES)
    if not data.startswith(PDF_SIGNATURE):
        raise InvalidInput.field("file", f"{LABEL}须为 PDF 文件")
    try:
        pages = check_pdf(data).pages
    except PdfRefused as refusal:
        raise InvalidInput.field("file", str(refusal)) from None
    return CheckedPdf(data, name, pages)


def add_attachment(notice_id: int, filename: str | None, data: bytes, actor: Actor) -> NoticeAttachment:
    """Inspect first (outside any transaction), then store."""
    require_manager(actor)
    pdf = check_attachment(filename, data)
    try:
        return _store(notice_id, pdf, actor)
    except BaseException:
        drop_blob_if_unreferenced(blob_key(pdf.data))  # a blob no row names would only waste space
        raise


@atomic
def _store(notice_id: int, pdf: CheckedPdf, actor: Actor) -> NoticeAttachment:
    notice = locked_notice(notice_id, "edit")
    count = db.session.scalar(select(func.count()).where(NoticeAttachment.notice_id == notice.id))
    if count >= MAX_ATTACHMENTS:
        raise InvalidInput.field("file", f"每条通知最多{MAX_ATTACHMENTS}个附件")
    sha256 = blob_key(pdf.data)
    lock_blob(sha256)
    storage().put(pdf.data)
    row = NoticeAttachment(notice_id=notice.id, sha256=sha256, size=len(pdf.data), pages=pdf.pages,
                           original_name=pdf.name)
    db.session.add(row)
    db.session.flush()
    record(actor, "notice.attachment_added", "notice", notice.id, attachment=row.id, name=row.original_name)
    return row


def remove_attachment(notice_id: int, attachment_id: int, actor: Actor) -> None:
    sha256 = _remove(notice_id, attachment_id, actor)
    drop_blob_if_unreferenced(sha256)


@atomic
def _remove(notice_id: int, attachment_id: int, actor: Actor) -> str:
    require_manager(actor)
    notice = locked_notice(notice_id, "edit")
    row = db.session.get(NoticeAttachment, attachment_id)
    if row is None or row.notice_id != notice.id:
        raise NotFound("附件不存在")
    db.session.delete(row)
    record(actor, "notice.attachment_removed", "notice", notice.id, attachment=row.id, name=row.original_name)
    return row.sha256


def attachments_of(notice_id: int) -> list[NoticeAttachment]:
    return list(db.session.scalars(select(NoticeAttachment).where(NoticeAttachment.notice_id == notice_id)
                                   .order_by(NoticeAttachment.id)))


def open_attachment(notice_id: int, attachment_id: int) -> OpenedAttachment:
    """The attachment's bytes (the caller has checked who may read the notice)."""
    row = db.session.get(NoticeAttachment, attachment_id)
    if row is None or row.notice_id != notice_id:
        raise NotFound("附件不存在")
    try:
        return OpenedAttachment(row, storage().get(row.sha256))
    except BlobMissing:
        raise NotFound("附件不存在") from None
