"""The review part of the applicant's Application JSON."""
from __future__ import annotations

from typing import Any

from server.applications.models import Application
from server.review.history import REJECTED, decision_view, decisions_of


def review_view(application: Application) -> dict[str, Any]:
    """Every decision (oldest first), and the latest one again as `latest_rejection` when it was a
    rejection — it stays visible while the applicant withdraws, edits and resubmits, until a
    reviewer decides again."""
    if application.decision_count == 0:  # nobody has decided (a first submit's answer, say)
        return {"latest_rejection": None, "decisions": []}
    decisions = [decision_view(d) for d in decisions_of(application.id)]
    latest = decisions[-1] if decisions else None
    rejection = ({key: latest[key] for key in ("reasons", "field_marks", "decided_at")}
                 if latest and latest["decision"] == REJECTED else None)
    return {"latest_rejection": rejection, "decisions": decisions}
