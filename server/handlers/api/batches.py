"""Batches API: the batch an applicant applies to now."""
from __future__ import annotations

import marshmallow as ma

from server.batches import services
from server.errors import NotFound
from server.handlers.api.blueprint import ApiBlueprint
from server.handlers.api.fields import BeijingDateTime

blp = ApiBlueprint("batches", __name__, description="选聘批次")


class BatchSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    registration_opens_at = BeijingDateTime()
    registration_closes_at = BeijingDateTime()
    review_closes_at = BeijingDateTime()
    payment_opens_at = BeijingDateTime()
    payment_closes_at = BeijingDateTime()
    fee_yuan = ma.fields.Integer()
    payment_delay_days = ma.fields.Integer()
    phase = ma.fields.Function(lambda batch: services.phase(batch))
    phase_label = ma.fields.Function(lambda batch: services.PHASE_LABELS[services.phase(batch)])


@blp.route("/batches/current", methods=["GET"])
@blp.response(200, BatchSchema)
def current_batch():
    """当前批次及其各阶段时间（北京时间）"""
    batch = services.current_batch()
    if batch is None:
        raise NotFound("当前没有开放的选聘批次")
    return batch
