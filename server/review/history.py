"""What happened to an application in review: its submissions (snapshots) and the decisions on them.

Every decision belongs to one submission, and a submission is decided at most once, so the story
reads in the order (submission sequence, submission before its decision) — exact even when two
events carry the same timestamp.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from server.applications.models import Application, ApplicationSnapshot
from server.extensions import db
from server.review.models import ReviewDecision

APPROVED, REJECTED = "approved", "rejected"
DECISION_LABELS = {APPROVED: "审核通过", REJECTED: "驳回"}


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the history.

    kind "submission": the applicant submitted (资料提交), `sequence` counts from 1.
    kind "decision": a reviewer approved or rejected that submission.
    """

    kind: str
    at: datetime
    snapshot_id: int
    sequence: int
    decision: str | None = None
    reasons: str | None = None
    field_marks: dict[str, str] = field(default_factory=dict)
    reviewer_id: int | None = None
    signed_sheet_file_id: int | None = None
    decision_id: int | None = None

    @property
    def label(self) -> str:
        if self.kind == "submission":
            return f"第{self.sequence}次提交资料"
        return DECISION_LABELS.get(self.decision or "", self.decision or "")


_DECISIONS = (select(ReviewDecision).join(ApplicationSnapshot, ApplicationSnapshot.id == ReviewDecision.snapshot_id)
              .where(ReviewDecision.application_id == bindparam("application_id"))
              .order_by(ApplicationSnapshot.sequence, ReviewDecision.id))  # built once: each submit's answer runs it


def decisions_of(application_id: int) -> list[ReviewDecision]:
    """The application's decisions, oldest first."""
    return list(db.session.execute(_DECISIONS, {"application_id": application_id}).scalars())


def latest_decision(application_id: int) -> ReviewDecision | None:
    decisions = decisions_of(application_id)
    return decisions[-1] if decisions else None


def last_rejection(application_id: int) -> ReviewDecision | None:
    return next((d for d in reversed(decisions_of(application_id)) if d.decision == REJECTED), None)


def history(application: Application) -> list[HistoryEntry]:
    """The submissions and decisions of the application, in the order they happened."""
    snapshots = db.session.execute(
        select(ApplicationSnapshot.id, ApplicationSnapshot.sequence, ApplicationSnapshot.taken_at)
        .where(ApplicationSnapshot.application_id == application.id)).all()
    sequence_of = {row.id: row.sequence for row in snapshots}
    entries: list[tuple[tuple[int, int, int], HistoryEntry]] = [
        ((row.sequence, 0, 0), HistoryEntry("submission", row.taken_at, row.id, row.sequence))
        for row in snapshots]
    for decision in decisions_of(application.id):
        sequence = sequence_of[decision.snapshot_id]
        entries.append(((sequence, 1, decision.id), HistoryEntry(
            "decision", decision.decided_at, decision.snapshot_id, sequence, decision.decision,
            decision.reasons, dict(decision.field_marks or {}), decision.reviewer_id,
            decision.signed_sheet_file_id, decision.id)))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def decision_view(decision: ReviewDecision) -> dict[str, Any]:
    """A decision as the applicant sees it (no reviewer names)."""
    return {"decision": decision.decision, "reasons": decision.reasons,
            "field_marks": dict(decision.field_marks or {}), "decided_at": decision.decided_at}
