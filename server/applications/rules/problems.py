"""The one shape every rule uses to report what is wrong with a form value."""

from __future__ import annotations

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
