"""Create, change and find batches; say which phase a batch is in."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import BindParameter, ColumnElement, bindparam, func, select

from server.accounts.actors import Actor
from server.audit.services import record
from server.batches.models import Batch
from server.clock import now
from server.errors import Conflict, InvalidInput, NotFound
from server.extensions import db
from server.reference.options import batch_defaults, bundled_options
from server.transactions import atomic

PHASE_LABELS = {
    "not_open": "报名尚未开始",
    "registration": "网上报名进行中",
    "review": "资格审核阶段",
    "payment": "网上缴费阶段",
    "closed": "本批次已结束",
}


@dataclass
class BatchSettings:
    """Everything staff can set on a batch; one validation for create and edit."""

    name: str
    registration_opens_at: datetime
    registration_closes_at: datetime
    review_closes_at: datetime
    payment_opens_at: datetime
    payment_closes_at: datetime
    fee_yuan: int = field(default_factory=lambda: batch_defaults().fee_yuan)
    payment_delay_days: int = field(default_factory=lambda: batch_defaults().payment_delay_days)
    min_practice_years: int = field(default_factory=lambda: batch_defaults().min_practice_years)
    allowed_title_levels: tuple[str, ...] = field(default_factory=lambda: batch_defaults().allowed_title_levels)
    max_age: int = field(default_factory=lambda: batch_defaults().max_age)

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.name.strip() or len(self.name) > 60:
            found["name"] = "批次名称须为1-60个字符"
        if self.registration_opens_at >= self.registration_closes_at:
            found["registration_closes_at"] = "报名截止时间须晚于报名开始时间"
        if self.review_closes_at < self.registration_closes_at:
            found["review_closes_at"] = "资格审核截止时间不能早于报名截止时间"
        if self.payment_opens_at >= self.payment_closes_at:
            found["payment_closes_at"] = "缴费截止时间须晚于缴费开始时间"
        elif self.payment_closes_at < self.review_closes_at:
            found["payment_closes_at"] = "缴费截止时间不能早于资格审核截止时间"
        if not 1 <= self.fee_yuan <= 100000:
            found["fee_yuan"] = "培训费须在1到100000元之间"
        if not 0 <= self.payment_delay_days <= 60:
            found["payment_delay_days"] = "审核通过后可缴费的间隔天数须在0到60之间"
        if not 0 <= self.min_practice_years <= 60:
            found["min_practice_years"] = "最低从业年限须在0到60之间"
        if not self.allowed_title_levels or set(self.allowed_title_levels) - set(bundled_options().title_levels):
            found["allowed_title_levels"] = "请至少选择一个有效的职称等级"
        if not 18 <= self.max_age <= 100:
            found["max_age"] = "年龄上限须在18到100之间"
        return found


def _apply(batch: Batch, settings: BatchSettings) -> None:
    problems = settings.problems()
    if problems:
        raise InvalidInput(f"有{len(problems)}项设置有误，请检查", problems)
    for setting in fields(settings):
        value = getattr(settings, setting.name)
        if setting.name == "fee_yuan":
            batch.fee_cents = value * 100
        elif setting.name == "allowed_title_levels":
            batch.allowed_title_levels = list(value)
        else:
            setattr(batch, setting.name, value)


@atomic
def create_batch(settings: BatchSettings, actor: Actor) -> Batch:
    if db.session.execute(select(Batch.id).where(Batch.name == settings.name)).first():
        raise Conflict("已有同名批次", {"name": "已有同名批次"})
    batch = Batch()
    _apply(batch, settings)
    db.session.add(batch)
    db.session.flush()
    record(actor, "batch.created", "batch", batch.id, name=batch.name)
    return batch


@atomic
def update_batch(batch_id: int, settings: BatchSettings, actor: Actor) -> Batch:
    batch = db.session.get(Batch, batch_id, with_for_update=True)
    if batch is None:
        raise NotFound("批次不存在")
    before = settings_of(batch)
    _apply(batch, settings)
    changed = {f.name: str(getattr(settings, f.name)) for f in fields(settings)
               if getattr(before, f.name) != getattr(settings, f.name)}
    record(actor, "batch.updated", "batch", batch.id, changed=changed)
    return batch


def settings_of(batch: Batch) -> BatchSettings:
    return BatchSettings(
        name=batch.name, registration_opens_at=batch.registration_opens_at,
        registration_closes_at=batch.registration_closes_at, review_closes_at=batch.review_closes_at,
        payment_opens_at=batch.payment_opens_at, payment_closes_at=batch.payment_closes_at,
        fee_yuan=batch.fee_yuan, payment_delay_days=batch.payment_delay_days,
        min_practice_years=batch.min_practice_years,
        allowed_title_levels=tuple(batch.allowed_title_levels), max_age=batch.max_age)


def current_batch() -> Batch | None:
    """The batch applicants see: the latest one that has opened, else the next to open (asked
    once per request)."""
    if not has_request_context():
        return _current_batch()
    if "current_batch" not in g:
        g.current_batch = _current_batch()
    return g.current_batch


def _current_batch() -> Batch | None:
    return db.session.execute(_CURRENT_BATCH, {"moment": now()}).scalar_one_or_none()


def current_batch_id(moment: datetime | BindParameter) -> ColumnElement[int]:
    """The current batch's id as an expression, for queries that need it joined."""
    batches = Batch.__table__.c
    opened = (select(batches.id).where(batches.registration_opens_at <= moment)
              .order_by(batches.registration_opens_at.desc()).limit(1).scalar_subquery())
    first = select(batches.id).order_by(batches.registration_opens_at).limit(1).scalar_subquery()
    return func.coalesce(opened, first)


# When a statement built once asks for the current batch: the moment, bound as it runs
# (`{"moment": now()}`).
MOMENT = bindparam("moment", type_=Batch.__table__.c.registration_opens_at.type)
# Built once (every applicant's request asks for it; building costs more than running it).
_CURRENT_BATCH = select(Batch).where(Batch.id == current_batch_id(MOMENT))


def phase(batch: Batch, moment: datetime | None = None) -> str:
    moment = moment or now()
    if moment < batch.registration_opens_at:
        return "not_open"
    if moment < batch.registration_closes_at:
        return "registration"
    if moment < batch.review_closes_at:
        return "review"
    if moment < batch.payment_closes_at:
        return "payment"
    return "closed"


def all_batches() -> list[Batch]:
    return list(db.session.execute(select(Batch).order_by(Batch.registration_opens_at.desc())).scalars())
