"""The qualification review (资格审核): the functions the console calls.

`visible_application`, `approve`, `reject`, `bulk_approve`, `history`,
`changes_since_last_rejection`, `overdue_pending`. Every write is one transaction: lock the
application row, check, change, commit — or change nothing. The applicant's side (submit for
review, withdraw) lives with the application: server/applications/submission.py.
"""
from __future__ import annotations

from server.review.access import visible_application
from server.review.changes import FieldChange, changes_since_last_rejection
from server.review.decisions import BulkResult, approve, bulk_approve, overdue_pending, reject
from server.review.history import HistoryEntry, history
from server.review.numbers import format_expert_number

__all__ = ["BulkResult", "FieldChange", "HistoryEntry", "approve", "bulk_approve",
           "changes_since_last_rejection", "format_expert_number", "history", "overdue_pending",
           "reject", "visible_application"]
