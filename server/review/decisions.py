"""The reviewer's side: approve (with an expert number) or reject (with reasons and field marks).

Each decision locks the application row (SELECT … FOR UPDATE on PostgreSQL; on SQLite a writing
transaction holds the write lock from BEGIN IMMEDIATE), checks who decides, what they were looking
at and the review deadline (the lifecycle's `approve`/`reject`), then writes the ReviewDecision,
moves the state through `lifecycle.move` (which writes the audit row) and commits — or changes
nothing. Two reviewers deciding at once end in one decision: the second finds the state moved on
(and the unique snapshot on review_decisions would refuse a second decision even without the lock).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.applications import lifecycle
from server.applications.models import Application, ApplicationSnapshot
from server.applications.snapshot import latest_snapshot
from server.batches.models import Batch
from server.clock import now
from server.errors import Conflict, DomainError, InvalidInput, NotFound
from server.extensions import db
from server.review.access import NOT_FOUND, require_decider, sees
from server.review.fields import MAX_REASONS_LENGTH, field_mark_problems
from server.review.history import APPROVED, DECISION_LABELS, REJECTED, latest_decision
from server.review.models import ReviewDecision
from server.review.numbers import next_expert_number
from server.transactions import atomic

CONTENT_CHANGED = "申请内容已更新，请刷新后重新审核"
NOT_PENDING = "该申请当前为“{state}”，不在待审核状态；申请人可能已撤回，请刷新后查看"
DECIDED_BY_OTHER = "该申请已由其他审核员处理（{result}），请刷新后查看"
DECIDED_BY_YOU = "您已审核过该申请（{result}），请刷新后查看"
REASONS_REQUIRED = "请填写驳回理由，或至少标注一个有问题的字段"
MAX_BULK = 500


@dataclass(frozen=True)
class BulkResult:
    approved: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)  # application id -> why, in Chinese


def _locked(application_id: int) -> Application | None:
    return db.session.execute(
        select(Application).where(Application.id == application_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()


def _moved_on(application: Application, reviewer: StaffMember) -> Conflict:
    decision, snapshot = latest_decision(application.id), latest_snapshot(application.id)
    if decision is None or snapshot is None or decision.snapshot_id != snapshot.id:  # withdrawn
        return Conflict(NOT_PENDING.format(state=application.state.label))
    template = DECIDED_BY_YOU if decision.reviewer_id == reviewer.id else DECIDED_BY_OTHER
    return Conflict(template.format(result=DECISION_LABELS[decision.decision]))


def _decidable(application_id: int, reviewer: StaffMember, action: str,
               expected_snapshot_id: int | None) -> tuple[Application, ApplicationSnapshot, Batch]:
    """The locked application, pending and as the reviewer saw it, inside the review period."""
    require_decider(reviewer)
    application = _locked(application_id)
    if application is None or not sees(reviewer, application):
        raise NotFound(NOT_FOUND)
    if application.state not in lifecycle.states_allowing(action):
        raise _moved_on(application, reviewer)
    snapshot = latest_snapshot(application.id)
    if expected_snapshot_id is not None and snapshot.id != expected_snapshot_id:
        raise Conflict(CONTENT_CHANGED)
    batch = db.session.get(Batch, application.batch_id)
    lifecycle.require(application, action, Actor.staff(reviewer), batch)
    return application, snapshot, batch


def _decide(application: Application, snapshot: ApplicationSnapshot, batch: Batch, reviewer: StaffMember,
            decision: str, reasons: str | None = None, field_marks: dict[str, str] | None = None,
            **detail: Any) -> Application:
    """Write the decision and move the state (with its audit row)."""
    row = ReviewDecision(application_id=application.id, snapshot_id=snapshot.id, reviewer_id=reviewer.id,
                         decision=decision, reasons=reasons, field_marks=field_marks or {},
                         signed_sheet_file_id=application.signed_sheet_file_id, decided_at=now())
    application.decision_count += 1
    try:
        db.session.add(row)
        db.session.flush()
    except IntegrityError:  # a second decision on the same submission
        raise Conflict(DECIDED_BY_OTHER.format(result="请刷新查看结果")) from None
    lifecycle.move(application, "approve" if decision == APPROVED else "reject", Actor.staff(reviewer), batch,
                   decision_id=row.id, snapshot_id=snapshot.id, **detail)
    return application


@atomic
def approve(application_id: int, reviewer: StaffMember, expected_snapshot_id: int | None) -> Application:
    """pending_review → approved, with the next expert number of the batch and prefecture."""
    application, snapshot, batch = _decidable(application_id, reviewer, "approve", expected_snapshot_id)
    application.expert_number = next_expert_number(application.batch_id, application.review_prefecture_code)
    application.approved_at = now()
    return _decide(application, snapshot, batch, reviewer, APPROVED, expert_number=application.expert_number)


def _clean_marks(field_marks: Mapping[str, Any] | None) -> dict[str, str]:
    """Paths and notes trimmed; a mark without a note gets an empty note."""
    return {str(path).strip(): "" if note is None else note.strip() if isinstance(note, str) else note
            for path, note in (field_marks or {}).items()}


@atomic
def reject(application_id: int, reviewer: StaffMember, reasons: str | None,
           field_marks: Mapping[str, str] | None, expected_snapshot_id: int | None) -> Application:
    """pending_review → rejected, with reasons (free text, at most 1000 characters) and/or marks on
    fields of the submission ({field path: note}); at least one of the two."""
    reasons = (reasons or "").strip() or None
    marks = _clean_marks(field_marks)
    if reasons and len(reasons) > MAX_REASONS_LENGTH:
        raise InvalidInput.field("reasons", f"驳回理由不能超过{MAX_REASONS_LENGTH}个字符")
    if not reasons and not marks:
        raise InvalidInput.field("reasons", REASONS_REQUIRED)
    application, snapshot, batch = _decidable(application_id, reviewer, "reject", expected_snapshot_id)
    problems = field_mark_problems(marks, snapshot.data)
    if problems:
        message = next(iter(problems.values())) if len(problems) == 1 else f"有{len(problems)}处标注有误，请检查"
        raise InvalidInput(message, problems)
    return _decide(application, snapshot, batch, reviewer, REJECTED, reasons, marks, marked=sorted(marks))


def bulk_approve(application_ids: Iterable[int], reviewer: StaffMember,
                 expected_snapshot_ids: Mapping[int, int] | None = None) -> BulkResult:
    """Approve each application in its own transaction; the rest go on when one is refused.

    `expected_snapshot_ids` (optional, application id → the submission the list showed) refuses
    an application that was resubmitted since the list was loaded."""
    require_decider(reviewer)
    ids = list(dict.fromkeys(application_ids))
    if len(ids) > MAX_BULK:
        raise InvalidInput.field("application_ids", f"一次最多批量通过{MAX_BULK}份申请")
    result = BulkResult()
    for application_id in ids:
        try:
            approve(application_id, reviewer, (expected_snapshot_ids or {}).get(application_id))
        except DomainError as refusal:
            result.skipped[application_id] = refusal.message
        else:
            result.approved.append(application_id)
    return result


def overdue_pending(batch: Batch | int) -> list[Application]:
    """Applications still waiting for review after the batch's review deadline (oldest first)."""
    batch = batch if isinstance(batch, Batch) else db.session.get(Batch, batch)
    if batch is None or now() < batch.review_closes_at:
        return []
    return list(db.session.execute(
        select(Application).where(Application.batch_id == batch.id, Application.state.in_(lifecycle.states_allowing("approve")))
        .order_by(Application.review_submitted_at, Application.id)).scalars())
