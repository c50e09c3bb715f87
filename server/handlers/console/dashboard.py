"""The dashboard (统计): applications of a batch by state and by prefecture, as tables and an
inline SVG bar chart drawn on the server; the association also sees what is overdue."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request

from server.accounts.actors import Scope
from server.accounts.models import StaffRole
from server.applications import lifecycle
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.batches.services import all_batches, current_batch
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.review_filters import BAD_BATCH, valid_id
from server.handlers.console.session import current_staff, staff_required
from server.reference.options import bundled_options
from server.review import services
from server.review.dashboard import BatchCounts, batch_counts

# Chart segments: (label, colour, states); everything from the approval on is one segment.
SEGMENTS = (
    *((state.label, colour, (state,)) for state, colour in (
        (S.draft, "#b8c2cc"), (S.info_submitted, "#7fb3e6"), (S.pending_review, "#e6a23c"), (S.rejected, "#d9534f"))),
    ("审核通过及以后", "#3c9d5d", tuple(s for s in S if s in lifecycle.APPROVED_OR_LATER)),
)
LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, COUNT_WIDTH = 180, 560, 24, 60


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    colour: str
    title: str


@dataclass(frozen=True)
class ChartRow:
    y: int
    label: str
    total: int
    bars: list[Bar]


def chart_rows(counts: BatchCounts) -> tuple[list[ChartRow], int]:
    """Stacked horizontal bars, one row per prefecture, scaled to the largest total."""
    largest = max((row.total for row in counts.prefectures), default=0) or 1
    rows = []
    for index, prefecture in enumerate(counts.prefectures):
        x = float(LABEL_WIDTH)
        bars = []
        for label, colour, states in SEGMENTS:
            number = sum(prefecture.get(state) for state in states)
            if number:
                width = BAR_WIDTH * number / largest
                bars.append(Bar(round(x, 1), round(width, 1), colour, f"{prefecture.name} {label}：{number}"))
                x += width
        rows.append(ChartRow(index * ROW_HEIGHT, prefecture.name, prefecture.total, bars))
    return rows, len(rows) * ROW_HEIGHT


def _batch() -> tuple[Batch | None, str]:
    """The batch asked for (else the current one), and the problem with what was asked for."""
    chosen = request.args.get("batch", "").strip()
    if not chosen:
        return current_batch(), ""
    batch_id = valid_id(chosen)
    if batch_id is None:
        return current_batch(), BAD_BATCH
    return db.session.get(Batch, batch_id) or current_batch(), ""


@bp.get("/dashboard")
@staff_required()
def dashboard():
    staff = current_staff()
    batch, batch_problem = _batch()
    counts = overdue = None
    rows: list[ChartRow] = []
    height = 0
    if batch is not None:
        counts = batch_counts(batch.id, Scope.of(staff))
        rows, height = chart_rows(counts)
        if staff.role in (StaffRole.association, StaffRole.admin):
            overdue = services.overdue_pending(batch)
    return render_template("console/dashboard.html", batch=batch, batches=all_batches(), counts=counts,
                           states=list(S), segments=SEGMENTS, rows=rows, chart_height=height,
                           label_width=LABEL_WIDTH, bar_width=BAR_WIDTH, count_width=COUNT_WIDTH,
                           row_height=ROW_HEIGHT, overdue=overdue, batch_problem=batch_problem,
                           prefecture_names={p.code: p.name for p in bundled_options().prefectures})
