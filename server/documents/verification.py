"""Is a printed review sheet genuine and current? The QR code on it answers.

The code carries a signed token naming one submission (application id and snapshot sequence);
`GET /verify/<token>` looks it up. Signed with SECRET_KEY (salt "review-sheet"), so a token cannot
be made up or altered; it carries no personal data. It does not expire: a stamped sheet stays
checkable for as long as the submission exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from server.applications import lifecycle
from server.applications.models import Application, ApplicationSnapshot
from server.batches.models import Batch
from server.extensions import db

SALT = "review-sheet"
VALID = "有效：此表为该申请当前的提交版本"
SUPERSEDED = "已作废：申请人已撤回或重新提交，此表不是当前版本"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sheet_token(application_id: int, sequence: int) -> str:
    return _serializer().dumps([application_id, sequence])


def read_sheet_token(token: str) -> tuple[int, int] | None:
    """(application id, sequence), or None for a token that was not signed by us."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if (not isinstance(payload, list) or len(payload) != 2
            or not all(isinstance(part, int) and not isinstance(part, bool) for part in payload)):
        return None
    return payload[0], payload[1]


def verify_url(application_id: int, sequence: int) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/verify/{sheet_token(application_id, sequence)}"


def mask_name(name: str | None) -> str:
    """First character and one "*" ("张*"): enough to match a sheet, not to identify a stranger."""
    name = (name or "").strip()
    return f"{name[0]}*" if name else ""


@dataclass(frozen=True)
class SheetCheck:
    """What the verification page may show: masked values and the verdict, nothing more."""

    masked_name: str
    masked_id_number: str
    batch_name: str
    sequence: int
    submitted_at: datetime
    current: bool

    @property
    def verdict(self) -> str:
        return VALID if self.current else SUPERSEDED


def check_sheet(token: str) -> SheetCheck | None:
    """The submission behind a token and whether it is still the current one; None if unknown."""
    ids = read_sheet_token(token)
    if ids is None:
        return None
    application_id, sequence = ids
    snapshot = db.session.execute(select(ApplicationSnapshot).where(
        ApplicationSnapshot.application_id == application_id,
        ApplicationSnapshot.sequence == sequence)).scalar_one_or_none()
    application = db.session.get(Application, application_id)
    if snapshot is None or application is None:
        return None
    latest = db.session.execute(select(func.max(ApplicationSnapshot.sequence)).where(
        ApplicationSnapshot.application_id == application_id)).scalar_one()
    batch = db.session.get(Batch, application.batch_id)
    basic = snapshot.data.get("basic") or {}
    return SheetCheck(
        masked_name=mask_name(basic.get("name")),
        masked_id_number=basic.get("id_number_masked") or "",
        batch_name=batch.name if batch else "",
        sequence=snapshot.sequence,
        submitted_at=snapshot.taken_at,
        current=sequence == latest and application.state not in lifecycle.states_allowing("edit"))
