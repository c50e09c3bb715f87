"""Desktop upload: a short code lets a computer's browser put one file into one slot.

In the mini-program a PDF can only be picked from WeChat chats, which fails many applicants. The
mini-program asks for a code for a slot; the applicant opens `/upload` on a computer (or scans the
QR code), types the code and uploads the file there.

A code is 8 characters from a 31-character alphabet without look-alikes (no I, L, O, 0, 1): about
8.5×10¹¹ codes, valid 30 minutes, single use, stored only as a keyed hash. Guessing is bounded by
the per-IP limit on code entry (DESKTOP_UPLOAD_PER_IP_LIMIT, 10 a minute): even with a thousand
codes live at once, one address would need about two centuries on average to hit any of them.
Wrong entries cannot be counted against a code (a wrong code names none), so the per-IP limit is
the lock. Asking for a new code for a slot ends the earlier codes for that slot.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from server.accounts.actors import Actor
from server.applications.models import Application, DesktopUploadCode
from server.applications.slots import Slot, desktop_slot
from server.applications.submission import attach_file_to_slot
from server.audit.services import record
from server.batches.models import Batch
from server.clock import now
from server.errors import Conflict, DomainError, NotFound
from server.extensions import db
from server.files import services as files
from server.files.models import StoredFile
from server.transactions import atomic

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=30)
SEPARATORS = re.compile(r"[\s\-_]+")

WRONG_CODE = "上传码不正确，请核对小程序中显示的8位上传码"
EXPIRED_CODE = "上传码已过期（有效期30分钟），请在小程序中重新获取"
USED_CODE = "该上传码已使用过，每个上传码只能上传一次；如需重新上传，请在小程序中重新获取"


class CodeExpired(DomainError):
    status, code = 410, "expired"


@dataclass(frozen=True)
class CodeTarget:
    """What a valid code is for, as the upload page shows it (name masked)."""

    code_id: int
    account_id: int
    application_id: int
    slot: Slot
    applicant: str
    batch_name: str
    expires_at: datetime


def normalize(code: str) -> str | None:
    """What the applicant typed, as a code: case and spaces or dashes do not matter."""
    cleaned = SEPARATORS.sub("", code or "").upper()
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return cleaned


def _hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"desktop-upload:{code}".encode(), hashlib.sha256).hexdigest()


def mask_name(name: str | None) -> str:
    return f"{name.strip()[0]}**" if name and name.strip() else "（姓名未填写）"


@atomic
def create_code(account_id: int, application_id: int, slot: str) -> tuple[str, datetime]:
    """A new code for one slot of the applicant's own application (one transaction)."""
    application = db.session.get(Application, application_id)
    if application is None or application.account_id != account_id:
        raise NotFound("申请不存在")
    desktop_slot(application, slot)
    moment = now()
    db.session.execute(
        update(DesktopUploadCode)
        .where(DesktopUploadCode.account_id == account_id,
               DesktopUploadCode.application_id == application_id,
               DesktopUploadCode.slot == slot, DesktopUploadCode.used_at.is_(None),
               DesktopUploadCode.expires_at > moment)
        .values(expires_at=moment))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    row = DesktopUploadCode(code_hash=_hash(code), account_id=account_id,
                            application_id=application_id, slot=slot, created_at=moment,
                            expires_at=moment + CODE_TTL)
    db.session.add(row)
    record(Actor.applicant(account_id), "desktop_upload.code_created", "application",
           application_id, slot=slot)
    return code, row.expires_at


def _live_row(code: str, *, lock: bool = False) -> DesktopUploadCode:
    cleaned = normalize(code)
    row = None
    if cleaned is not None:
        query = select(DesktopUploadCode).where(DesktopUploadCode.code_hash == _hash(cleaned))
        row = db.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise NotFound(WRONG_CODE, {"code": WRONG_CODE})
    if row.used_at is not None:
        raise Conflict(USED_CODE, {"code": USED_CODE})
    if row.expires_at <= now():
        raise CodeExpired(EXPIRED_CODE, {"code": EXPIRED_CODE})
    return row


def look_up(code: str) -> CodeTarget:
    """What a code is for; NotFound, Conflict (used) or CodeExpired (410) otherwise."""
    row = _live_row(code)
    application = db.session.get(Application, row.application_id)
    batch = db.session.get(Batch, application.batch_id)
    return CodeTarget(row.id, row.account_id, row.application_id, desktop_slot(application, row.slot),
                      mask_name(application.name), batch.name, row.expires_at)


def upload_with_code(code: str, filename: str | None, data: bytes) -> StoredFile:
    """Inspect and store the file exactly as the API does, put it into the code's slot and use up
    the code. The file is stored first (its own transaction); the code is used up in the same
    transaction that attaches the file, so a refused attachment leaves the code usable."""
    target = look_up(code)
    stored = files.upload(target.account_id, target.slot.kind, filename, data)
    _use_code(code, target, stored.id)
    return stored


@atomic
def _use_code(code: str, target: CodeTarget, file_id: int) -> None:
    row = _live_row(code, lock=True)  # a second tab may have used it meanwhile
    row.used_at, row.file_id = now(), file_id
    record(Actor.applicant(target.account_id), "desktop_upload.code_used", "application",
           target.application_id, slot=target.slot.key, file_id=file_id)
    attach_file_to_slot(target.application_id, target.account_id, target.slot.key, file_id)
