"""The application as its applicant sees it: the form by section, its files, the review so far,
and what the applicant may do now (the lifecycle's `allowed_actions`, with reasons and dates)."""
from __future__ import annotations

from typing import Any

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.completeness import problem_view
from server.applications.file_rows import file_rows, file_rows_and_facts
from server.applications.models import Application
from server.applications.rules.problems import Problem
from server.applications.snapshot import form_data
from server.applications.submission import problems_of
from server.batches.models import Batch
from server.extensions import db
from server.review.summary import review_view

KNOWN_AT_SAVE = {"eligibility", "duplicate_id"}


def known_at_save(problem: Problem) -> bool:
    """What the saved values already tell: a warning to confirm, the age (from the ID number),
    years or title level the batch refuses, an ID number another account submitted in this batch."""
    return problem.severity == "warning" or problem.kind in KNOWN_AT_SAVE


def application_view(application: Application, account: Account,
                     field_problems: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the mini-program shows of one application (and the problems of the last save)."""
    batch = db.session.get(Batch, application.batch_id)
    actions = lifecycle.allowed_actions(application, Actor.applicant(account.id), batch)
    editable = any(view.action == "edit" and view.allowed for view in actions)
    data = form_data(application, account.phone)
    files, facts = file_rows_and_facts(application) if editable else (file_rows(application), None)
    problems = problems_of(application, account, batch, facts) if facts else []
    data["renewal"]["renewal_available"] = bool(facts and facts.renewal_available)
    return {**data, "id": application.id, "state": application.state.value,
            "state_label": application.state.label, "batch": batch, "files": files,
            "warnings": [problem_view(p) for p in problems if known_at_save(p)],
            "submitted_at": application.submitted_at, "updated_at": application.updated_at,
            "expert_number": application.expert_number,
            "signed_sheet_file_id": application.signed_sheet_file_id,
            "review_submitted_at": application.review_submitted_at,
            "approved_at": application.approved_at,
            "review": review_view(application), "allowed_actions": actions,
            "field_problems": field_problems or {}}
