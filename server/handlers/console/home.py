"""The console's home page."""
from __future__ import annotations

from flask import render_template

from server.batches.services import PHASE_LABELS, current_batch, phase
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.reference.options import bundled_options


@bp.get("/")
@staff_required()
def home():
    member = current_staff()
    prefecture = bundled_options().prefecture(member.prefecture_code) if member.prefecture_code else None
    batch = current_batch()
    return render_template("console/home.html", batch=batch, prefecture=prefecture,
                           phase_label=PHASE_LABELS[phase(batch)] if batch else None)
