"""Closing catalog nodes for a batch (admin and association staff): grey, not selectable."""
from __future__ import annotations

from collections.abc import Collection

from flask import flash, redirect, render_template, request, url_for

from server.accounts.actors import Actor
from server.batches.models import Batch
from server.errors import DomainError, NotFound
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.batches import BATCH_MANAGERS
from server.handlers.console.session import current_staff, staff_required
from server.reference import services
from server.reference.catalog import DEFAULT_EDITION
from server.reference.tree import closed_subtree


def _render(batch: Batch, chosen: Collection[str], error: DomainError | None = None):
    catalog = services.catalog(DEFAULT_EDITION)
    chosen = frozenset(chosen)
    open_codes = {ancestor.code for code in chosen if code in catalog for ancestor in catalog.ancestors(code)}
    return render_template("console/specialties.html", batch=batch, catalog=catalog, edition=DEFAULT_EDITION,
                           chosen=chosen, shut=closed_subtree(catalog, chosen), open_codes=open_codes,
                           error=error), (error.status if error else 200)


def _batch(batch_id: int) -> Batch:
    batch = db.session.get(Batch, batch_id)
    if batch is None:
        raise NotFound("批次不存在")
    return batch


@bp.route("/batches/<int:batch_id>/specialties", methods=["GET", "POST"])
@staff_required(*BATCH_MANAGERS)
def batch_specialties(batch_id: int):
    batch = _batch(batch_id)
    if request.method == "GET":
        return _render(batch, services.closed_codes(batch_id))
    chosen = request.form.getlist("closed")
    try:
        change = services.set_closed_codes(batch_id, chosen, Actor.staff(current_staff()))
    except DomainError as error:
        return _render(_batch(batch_id), chosen, error)
    flash(f"评标专业开放设置已保存：{change.summary()}")
    return redirect(url_for("console.batch_specialties", batch_id=batch_id))

