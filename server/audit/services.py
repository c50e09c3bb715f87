"""Write audit rows. The caller's transaction commits them together with the change itself."""
from __future__ import annotations

from typing import Any

from flask import has_request_context

from server.accounts.actors import Actor
from server.audit.models import AuditEntry
from server.extensions import db
from server.network import client_ip


def record(actor: Actor, action: str, subject_kind: str, subject_id: object,
           **detail: Any) -> AuditEntry:
    entry = AuditEntry(actor_kind=actor.kind, actor_id=actor.id, action=action,
                       subject_kind=subject_kind, subject_id=str(subject_id), detail=detail,
                       ip=client_ip() if has_request_context() else None)
    db.session.add(entry)
    return entry
