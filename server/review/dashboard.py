"""Counts for the console's dashboard: one GROUP BY over the applications of a batch."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from server.accounts.actors import Scope
from server.applications.models import Application, ApplicationState
from server.extensions import db
from server.reference.options import bundled_options

UNKNOWN_PREFECTURE = ""


@dataclass(frozen=True)
class PrefectureCounts:
    code: str
    name: str
    by_state: dict[ApplicationState, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    def get(self, state: ApplicationState) -> int:
        return self.by_state.get(state, 0)


@dataclass(frozen=True)
class BatchCounts:
    by_state: dict[ApplicationState, int]
    prefectures: list[PrefectureCounts]

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def batch_counts(batch_id: int, scope: Scope) -> BatchCounts:
    """Applications of the batch in the viewer's scope by state and by prefecture (every prefecture
    of the scope listed, even at 0). A submission counts where it was sent; a draft never submitted
    where it says it is."""
    prefecture = func.coalesce(Application.review_prefecture_code, Application.prefecture_code)
    query = (select(prefecture, Application.state, func.count())
             .where(Application.batch_id == batch_id, scope.where(prefecture))
             .group_by(prefecture, Application.state))
    grid: dict[str, Counter] = {}
    by_state: Counter = Counter()
    for code, state, number in db.session.execute(query):
        grid.setdefault(code or UNKNOWN_PREFECTURE, Counter())[state] += number
        by_state[state] += number
    options = bundled_options()
    listed = [p for p in options.prefectures if scope.covers(p.code)]
    rows = [PrefectureCounts(p.code, p.name, dict(grid.pop(p.code, Counter()))) for p in listed]
    for code, counts in sorted(grid.items()):  # drafts without a prefecture yet, or other units
        other = options.prefecture(code, include_other_units=True) if code else None
        rows.append(PrefectureCounts(code, other.name if other else "未填写所在市州", dict(counts)))
    return BatchCounts(by_state={state: by_state.get(state, 0) for state in ApplicationState},
                       prefectures=rows)
