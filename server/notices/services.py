"""Write, schedule, publish and withdraw notices (association and admin staff); the scheduler's
`publish_due(now)`.

A notice moves draft → scheduled → published, or to withdrawn before it goes out; a scheduled one
can go back to draft. Every change locks the notice row, checks its state against `ALLOWED` and
writes its audit row, so staff editing a notice while the scheduler publishes it end in one
outcome. Publication fixes the recipients and queues their messages in a fixed number of
statements, whatever their number: one INSERT … SELECT for the recipients, one for the outbox.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, literal, select, true

from server.accounts.actors import Actor, Role
from server.applications.models import ApplicationState
from server.audit.services import record
from server.batches.models import Batch
from server.clock import format_beijing
from server.clock import now as clock_now
from server.database import dialect_insert
from server.errors import Conflict, Forbidden, InvalidInput, NotFound
from server.extensions import db
from server.messages import outbox
from server.notices.audience import Audience, check_audience
from server.notices.messages import NOTICE_POSTED, context_of, subject_of
from server.notices.models import Notice, NoticeRecipient, NoticeState
from server.transactions import atomic

MAX_TITLE, MAX_BODY = 60, 5000
LONGEST_SCHEDULE = timedelta(days=366)
MANAGERS = frozenset({Role.association, Role.admin})
S = NoticeState
ALLOWED = {
    "edit": {S.draft, S.scheduled},
    "schedule": {S.draft, S.scheduled},
    "unschedule": {S.scheduled},
    "publish": {S.draft, S.scheduled},
    "withdraw": {S.draft, S.scheduled},
}
NOT_NOW = {S.published: "通知已发布，不能再修改或撤回", S.withdrawn: "通知已撤回",
           S.draft: "通知尚未设置定时发布"}

@dataclass(frozen=True)
class NoticeInput:
    """What staff write: the text and the audience, as sent (checked by `checked`)."""

    title: str
    body: str
    batch_id: int | None
    states: tuple[str, ...]
    prefectures: tuple[str, ...] = ()

    def checked(self) -> tuple[str, str, Audience]:
        """Title, body and audience; every wrong field at once, in Chinese."""
        problems: dict[str, str] = {}
        title, body = self.title.strip(), self.body.strip()
        if not title:
            problems["title"] = "请填写通知标题"
        elif len(title) > MAX_TITLE:
            problems["title"] = f"通知标题不能超过{MAX_TITLE}个字符（当前{len(title)}个）"
        if not body:
            problems["body"] = "请填写通知正文"
        elif len(body) > MAX_BODY:
            problems["body"] = f"通知正文不能超过{MAX_BODY}个字符（当前{len(body)}个）"
        audience = check_audience(self.batch_id, self.states, self.prefectures, problems)
        if problems:
            message = next(iter(problems.values())) if len(problems) == 1 else f"有{len(problems)}项填写有误，请检查"
            raise InvalidInput(message, problems)
        return title, body, audience


@dataclass
class PublishReport:
    published: list[int] = field(default_factory=list)
    recipients: int = 0


def audience_of(notice: Notice) -> Audience:
    return Audience(notice.batch_id, tuple(ApplicationState(value) for value in notice.audience_states),
                    tuple(notice.audience_prefectures))


def audience_size(audience: Audience) -> int:
    """How many people the audience holds now (a draft's page shows it before publishing)."""
    return db.session.scalar(select(func.count()).select_from(audience.account_ids().subquery()))


def all_notices() -> list[Notice]:
    return list(db.session.scalars(select(Notice).order_by(Notice.created_at.desc(), Notice.id.desc())))


def may_change(notice: Notice, action: str) -> bool:
    return notice.state in ALLOWED[action]


def require_manager(actor: Actor) -> None:
    if actor.role not in MANAGERS:
        raise Forbidden("只有招标投标协会或系统管理员可以管理通知")


def locked_notice(notice_id: int, action: str) -> Notice:
    notice = db.session.execute(select(Notice).where(Notice.id == notice_id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    if notice is None:
        raise NotFound("通知不存在")
    if not may_change(notice, action):
        raise Conflict(NOT_NOW[notice.state])
    return notice


def _write(notice: Notice, notice_input: NoticeInput) -> None:
    notice.title, notice.body, audience = notice_input.checked()
    notice.batch_id = audience.batch_id
    notice.audience_states = [state.value for state in audience.states]
    notice.audience_prefectures = list(audience.prefectures)


@atomic
def create_notice(notice_input: NoticeInput, actor: Actor) -> Notice:
    """A new draft: nothing goes out until it is published or scheduled."""
    require_manager(actor)
    notice = Notice(created_by=actor.id if actor.kind == "staff" else None)
    _write(notice, notice_input)
    db.session.add(notice)
    db.session.flush()
    record(actor, "notice.created", "notice", notice.id, title=notice.title)
    return notice


@atomic
def update_notice(notice_id: int, notice_input: NoticeInput, actor: Actor) -> Notice:
    require_manager(actor)
    notice = locked_notice(notice_id, "edit")
    _write(notice, notice_input)
    record(actor, "notice.updated", "notice", notice.id, title=notice.title)
    return notice


@atomic
def schedule(notice_id: int, publish_at: datetime, actor: Actor) -> Notice:
    """It goes out at `publish_at` (the scheduler's next run after it)."""
    require_manager(actor)
    moment = clock_now()
    if publish_at <= moment:
        raise InvalidInput.field("publish_at", "定时发布时间须晚于当前时间；如需现在发布，请点“立即发布”")
    if publish_at > moment + LONGEST_SCHEDULE:
        raise InvalidInput.field("publish_at", "定时发布时间不能晚于一年以后")
    notice = locked_notice(notice_id, "schedule")
    notice.state, notice.publish_at = S.scheduled, publish_at
    record(actor, "notice.scheduled", "notice", notice.id, publish_at=format_beijing(publish_at))
    return notice


@atomic
def unschedule(notice_id: int, actor: Actor) -> Notice:
    require_manager(actor)
    notice = locked_notice(notice_id, "unschedule")
    notice.state, notice.publish_at = S.draft, None
    record(actor, "notice.unscheduled", "notice", notice.id)
    return notice


@atomic
def withdraw(notice_id: int, actor: Actor) -> Notice:
    require_manager(actor)
    notice = locked_notice(notice_id, "withdraw")
    notice.state, notice.withdrawn_at, notice.publish_at = S.withdrawn, clock_now(), None
    record(actor, "notice.withdrawn", "notice", notice.id)
    return notice


@atomic
def publish_now(notice_id: int, actor: Actor) -> Notice:
    require_manager(actor)
    notice = locked_notice(notice_id, "publish")
    _publish(notice, actor, clock_now())
    return notice


def _publish(notice: Notice, actor: Actor, moment: datetime) -> int:
    """Fix the recipients and queue one message each: a fixed number of statements."""
    notice.state, notice.published_at = S.published, moment
    notice.publish_at = notice.publish_at or moment
    batch = db.session.get(Batch, notice.batch_id)
    accounts = audience_of(notice).account_ids().subquery()
    insert = dialect_insert(db.session.get_bind())
    recipients = insert(NoticeRecipient.__table__).from_select(
        ["notice_id", "account_id"],
        select(literal(notice.id), accounts.c.account_id).where(true()),  # SQLite: WHERE before ON CONFLICT
    ).on_conflict_do_nothing()
    count = db.session.execute(recipients, execution_options={"preserve_rowcount": True}).rowcount
    recipients_of = (select(NoticeRecipient.account_id.label("account_id"), literal(subject_of(notice)).label("subject"))
                     .where(NoticeRecipient.notice_id == notice.id))
    outbox.enqueue_many(NOTICE_POSTED, recipients_of, context_of(notice, batch))
    notice.recipient_count = count
    record(actor, "notice.published", "notice", notice.id, recipients=count)
    return count


@atomic
def _publish_if_due(notice_id: int, moment: datetime) -> int | None:
    """The scheduled notice, published if it is still scheduled and due (staff may have changed it)."""
    notice = db.session.execute(select(Notice).where(Notice.id == notice_id).with_for_update()
                                .execution_options(populate_existing=True)).scalar_one_or_none()
    if notice is None or notice.state is not S.scheduled or notice.publish_at > moment:
        return None
    return _publish(notice, Actor.system(), moment)


def publish_due(now: datetime | None = None, limit: int = 50) -> PublishReport:
    """Publish the scheduled notices due at `now` (at most `limit`), each in its own transaction.

    The scheduler's job; idempotent (a published notice is no longer scheduled), callable by hand."""
    moment = now or clock_now()
    report = PublishReport()
    due = db.session.scalars(select(Notice.id).where(Notice.state == S.scheduled, Notice.publish_at <= moment)
                             .order_by(Notice.publish_at, Notice.id).limit(limit)).all()
    for notice_id in due:
        count = _publish_if_due(notice_id, moment)
        if count is not None:
            report.published.append(notice_id)
            report.recipients += count
    return report
