"""The one shape every rule uses to report what is wrong with a form value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the form, addressed to the applicant.

    field    -- the form field path, e.g. ``id_number`` or ``specialties.primary.level3``
    message  -- what the applicant reads, in Chinese
    code     -- the offending value when there is one (e.g. a specialty code)
    kind     -- a stable machine-readable rule name (e.g. ``"closed"``, ``"count"``)
    severity -- ``"error"`` refuses the submit; ``"warning"`` must be confirmed by the applicant
    """

    field: str
    message: str
    code: str | None = None
    kind: str = "invalid"
    severity: Severity = "error"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "field": self.field,
            "message": self.message,
            "code": self.code,
            "kind": self.kind,
            "severity": self.severity,
        }


def messages_by_field(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Group messages by field, in first-seen order, without repeating a message."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        messages = grouped.setdefault(problem.field, [])
        if problem.message not in messages:
            messages.append(problem.message)
    return grouped


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
