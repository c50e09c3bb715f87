"""The one place an application changes state: checks the move, writes the audit row.

Callers lock the row, call `move`, and commit; the outbox row for notifications joins here when the
notifications issue lands.
"""
from __future__ import annotations

from typing import Any

from server.applications.models import Application, ApplicationState as S
from server.audit.services import Actor, record
from server.errors import Conflict

ALLOWED_MOVES: dict[S, frozenset[S]] = {
    S.draft: frozenset({S.info_submitted}),
    S.info_submitted: frozenset({S.pending_review, S.draft}),
    S.pending_review: frozenset({S.approved, S.rejected, S.draft}),
    S.rejected: frozenset({S.draft}),
    S.approved: frozenset({S.paid}),
    S.paid: frozenset({S.admitted, S.failed}),
    S.admitted: frozenset(),
    S.failed: frozenset(),
}


def move(application: Application, to: S, actor: Actor, **detail: Any) -> None:
    current = application.state
    if to not in ALLOWED_MOVES[current]:
        raise Conflict(f"申请当前状态为“{current.label}”，不能变为“{to.label}”")
    application.state = to
    record(actor, f"application.{to.value}", "application", application.id,
           previous=current.value, **detail)
