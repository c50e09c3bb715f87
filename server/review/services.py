"""The qualification review (资格审核): the functions the API and the console call.

Applicant: `submit_for_review`, `withdraw`, `can_withdraw`.
Staff: `visible_application`, `approve`, `reject`, `bulk_approve`, `history`,
`changes_since_last_rejection`, `overdue_pending`.
Every write is one transaction: lock the application row, check, change, commit — or change nothing.
"""
from __future__ import annotations

from server.review.access import visible_application
from server.review.changes import FieldChange, changes_since_last_rejection
from server.review.decisions import BulkResult, approve, bulk_approve, overdue_pending, reject
from server.review.history import HistoryEntry, history, latest_snapshot
from server.review.numbers import format_expert_number
from server.review.submission import can_withdraw, submit_for_review, withdraw

__all__ = ["BulkResult", "FieldChange", "HistoryEntry", "approve", "bulk_approve", "can_withdraw",
           "changes_since_last_rejection", "format_expert_number", "history", "latest_snapshot",
           "overdue_pending", "reject", "submit_for_review", "visible_application", "withdraw"]
