"""The application's lifecycle: one table of named actions, and `move`, the only way a state changes.

Each action says from which states it may be taken, the state it leads to (none for actions that
change nothing, such as editing or paying, whose confirmation is `record_payment`), who may take
it, and which of the batch's windows governs it. Every other question — is the form editable, may
the applicant withdraw, which buttons does the mini-program draw, which states count as approved —
is answered from this table.

`move` checks the action, changes the state, writes the audit row named after the action and calls
the listeners (the outbox joins there), all in the caller's transaction.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from server.accounts.actors import Actor, Role
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.services import record
from server.batches.models import Batch
from server.clock import format_beijing, now
from server.errors import Conflict, Forbidden, NotFound


class Window(enum.Enum):
    """The part of the batch's calendar an action must fall in."""

    registration = "registration"
    review = "review"
    payment = "payment"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[S]
    targets: tuple[S, ...]  # () when the action changes no state; several when an outcome decides
    roles: frozenset[Role]
    audit: str
    window: Window | None = None

    def leads_to(self, outcome: S | None) -> S | None:
        if not self.targets:
            return None
        if len(self.targets) == 1:
            return self.targets[0]
        if outcome not in self.targets:
            raise ValueError(f"{self.name} needs an outcome among {self.targets}")
        return outcome


APPLICANT, REVIEWER = frozenset({Role.applicant}), frozenset({Role.reviewer})
ASSOCIATION = frozenset({Role.association, Role.admin})


def _action(name: str, label: str, sources: set[S], targets: tuple[S, ...], roles: frozenset[Role],
            audit: str, window: Window | None = None) -> Action:
    return Action(name, label, frozenset(sources), targets, roles, f"application.{audit}", window)


ACTIONS: dict[str, Action] = {a.name: a for a in (
    _action("edit", "修改资料", {S.draft}, (), APPLICANT, "edited", Window.registration),
    _action("submit_info", "提交资料", {S.draft}, (S.info_submitted,), APPLICANT, "submitted",
            Window.registration),
    _action("upload_signed_sheet", "上传签字盖章的审查表", {S.info_submitted}, (), APPLICANT,
            "signed_sheet_uploaded", Window.registration),
    _action("submit_for_review", "提交审核", {S.info_submitted}, (S.pending_review,), APPLICANT,
            "submitted_for_review", Window.registration),
    _action("withdraw", "撤回", {S.info_submitted, S.pending_review, S.rejected}, (S.draft,), APPLICANT,
            "withdrawn", Window.registration),
    _action("approve", "审核通过", {S.pending_review}, (S.approved,), REVIEWER, "approved", Window.review),
    _action("reject", "驳回", {S.pending_review}, (S.rejected,), REVIEWER, "rejected", Window.review),
    _action("pay", "网上缴费", {S.approved}, (), APPLICANT, "payment_started", Window.payment),
    _action("record_payment", "确认缴费", {S.approved}, (S.paid,), ASSOCIATION | {Role.system},
            "payment_recorded"),
    _action("refund", "退费", {S.paid}, (S.refunded,), ASSOCIATION, "refunded"),
    _action("record_exam_result", "登记考试结果", {S.paid}, (S.admitted, S.failed), ASSOCIATION,
            "exam_result_recorded"),
)}

# What an applicant reads when an action does not fit the state the application is in.
NOT_NOW = {
    ("edit", S.info_submitted): "资料已提交，不能修改；如需修改请先撤回",
    ("edit", S.pending_review): "申请已提交审核，不能修改；如需修改请先撤回",
    ("edit", S.rejected): "申请已被驳回，请先撤回，再按驳回理由修改",
    ("submit_info", S.rejected): "申请已被驳回，请先撤回，按驳回理由修改后重新提交",
    ("submit_for_review", S.draft): "请先提交资料，生成申请和资格审查表后再提交审核",
    ("upload_signed_sheet", S.draft): "请先提交资料，生成申请和资格审查表后再上传",
    ("submit_for_review", S.pending_review): "申请已提交审核，请等待审核结果",
    ("submit_for_review", S.rejected): "申请已被驳回，请先撤回，按驳回理由修改后重新提交",
    ("withdraw", S.draft): "申请尚未提交，无需撤回",
    ("pay", S.paid): "已缴费，无需重复缴费",
}


def not_now_message(action: Action, state: S) -> str:
    if (action.name, state) in NOT_NOW:
        return NOT_NOW[(action.name, state)]
    if state in APPROVED_OR_LATER and action.name in ("withdraw", "edit", "submit_for_review", "submit_info"):
        return {"withdraw": "申请已审核通过，不能撤回",
                "submit_for_review": "申请已审核通过，无需再次提交审核"}.get(action.name, "申请已审核通过，不能修改")
    return f"申请当前为“{state.label}”，不能{action.label}"


@dataclass(frozen=True)
class Blocked:
    """Why an action that fits the state cannot be taken now, and from when it can (if ever)."""

    reason: str
    opens_at: datetime | None = None


def payment_opens_at(application: Application, batch: Batch) -> datetime | None:
    """The later of the batch's payment opening and `payment_delay_days` after the approval."""
    return _payment_opens(batch, application.approved_at)


BATCH_DATES = ("registration_opens_at", "registration_closes_at", "review_closes_at", "payment_opens_at",
               "payment_closes_at", "payment_delay_days")


class BatchDates(Protocol):
    """What `moments` reads of a batch: the ORM object, or a narrow row selecting BATCH_DATES."""

    registration_opens_at: datetime
    registration_closes_at: datetime
    review_closes_at: datetime
    payment_opens_at: datetime
    payment_closes_at: datetime
    payment_delay_days: int


def _payment_opens(batch: BatchDates, approved_at: datetime | None) -> datetime | None:
    if approved_at is None:
        return None
    return max(batch.payment_opens_at, approved_at + timedelta(days=batch.payment_delay_days))


def moments(batch: BatchDates, approved_at: datetime | None) -> tuple[datetime | None, ...]:
    """Every date at which `timing` can answer differently for an application approved at
    `approved_at` (None: not approved): between two of them, what may be done stays the same."""
    return (batch.registration_opens_at, batch.registration_closes_at, batch.review_closes_at,
            batch.payment_opens_at, _payment_opens(batch, approved_at), batch.payment_closes_at)


def _short(moment: datetime) -> str:
    return format_beijing(moment, "%m月%d日 %H:%M").lstrip("0").replace("月0", "月")


def _registration(action: Action, batch: Batch, moment: datetime) -> Blocked | None:
    if moment < batch.registration_opens_at:
        return Blocked(f"报名尚未开始，{format_beijing(batch.registration_opens_at)} 起可{action.label}",
                       batch.registration_opens_at)
    if moment < batch.registration_closes_at:
        return None
    closed = format_beijing(batch.registration_closes_at)
    if action.name == "withdraw":
        # Resubmitting is refused after the deadline: a withdrawal now would strand the application
        # in draft and take it out of review.
        return Blocked(f"报名已截止（{closed}），撤回后将无法重新提交，因此不能撤回；"
                       "如有疑问请联系所在地住房城乡建设主管部门")
    return Blocked(f"报名已截止（{closed}），不能再{action.label}")


def _review(batch: Batch, moment: datetime) -> Blocked | None:
    if moment >= batch.review_closes_at:
        return Blocked("资格审核已截止，如需继续审核请联系管理员延长审核期限")
    return None


def _payment(application: Application, batch: Batch, moment: datetime) -> Blocked | None:
    opens = payment_opens_at(application, batch)
    if opens is not None and moment < opens:
        if opens == batch.payment_opens_at:
            return Blocked(f"网上缴费将于 {_short(opens)} 开始", opens)
        return Blocked(f"审核通过{batch.payment_delay_days}日后，即 {_short(opens)} 起可缴费", opens)
    if moment >= batch.payment_closes_at:
        return Blocked(f"网上缴费已于 {format_beijing(batch.payment_closes_at)} 截止，"
                       "如有疑问请致电缴费系统 0991-8837428")
    return None


def window_closes_at(action: Action, batch: Batch) -> datetime | None:
    return {Window.registration: batch.registration_closes_at, Window.review: batch.review_closes_at,
            Window.payment: batch.payment_closes_at, None: None}[action.window]


def timing(action: Action, application: Application, batch: Batch, moment: datetime) -> Blocked | None:
    if action.window is Window.registration:
        return _registration(action, batch, moment)
    if action.window is Window.review:
        return _review(batch, moment)
    if action.window is Window.payment:
        return _payment(application, batch, moment)
    return None


def takes_part(actor: Actor, application: Application) -> bool:
    """The applicant acts on their own application only; a reviewer on their prefecture's."""
    if actor.role is Role.applicant:
        return actor.id == application.account_id
    if actor.role is Role.reviewer:
        return actor.scope.covers(application.review_prefecture_code)
    return True


def require(application: Application, name: str, actor: Actor, batch: Batch,
            moment: datetime | None = None) -> Action:
    """The action if `actor` may take it on `application` now; otherwise the refusal, in Chinese."""
    action = ACTIONS[name]
    if actor.role not in action.roles:
        raise Forbidden(f"您不能对申请执行“{action.label}”")
    if not takes_part(actor, application):
        raise NotFound("申请不存在")
    if application.state not in action.sources:
        raise Conflict(not_now_message(action, application.state))
    blocked = timing(action, application, batch, moment or now())
    if blocked is not None:
        raise Conflict(blocked.reason)
    return action


Listener = Callable[[Application, Action, Actor, S, dict[str, Any]], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> Listener:
    """Register a function called inside every move's transaction (the outbox writes its rows)."""
    _listeners.append(listener)
    return listener


def unlisten(listener: Listener) -> None:
    _listeners.remove(listener)


def move(application: Application, name: str, actor: Actor, batch: Batch, *,
         outcome: S | None = None, **detail: Any) -> Action:
    """Take the action: check it, change the state, write the audit row, tell the listeners.

    The caller holds the application's row lock and commits (through `atomic`)."""
    action = require(application, name, actor, batch)
    previous = application.state
    target = action.leads_to(outcome)
    if target is not None:
        application.state = target
        application.state_changed_at = now()
    record(actor, action.audit, "application", application.id, previous=previous.value,
           **({"state": target.value} if target else {}), **detail)
    for listener in _listeners:
        listener(application, action, actor, previous, detail)
    return action


@dataclass(frozen=True)
class ActionView:
    """One action as a viewer sees it: may they take it now, and if not, why and from when."""

    action: str
    label: str
    allowed: bool
    reason: str | None
    opens_at: datetime | None
    closes_at: datetime | None


def allowed_actions(application: Application, actor: Actor, batch: Batch,
                    moment: datetime | None = None) -> list[ActionView]:
    """The actions of the viewer's role that fit the application's state, allowed or blocked."""
    moment = moment or now()
    views = []
    for action in ACTIONS.values():
        if actor.role not in action.roles or application.state not in action.sources:
            continue
        if not takes_part(actor, application):
            continue
        blocked = timing(action, application, batch, moment)
        views.append(ActionView(action.name, action.label, blocked is None,
                                blocked.reason if blocked else None,
                                blocked.opens_at if blocked else None, window_closes_at(action, batch)))
    return views


def states_allowing(name: str) -> frozenset[S]:
    return ACTIONS[name].sources


def reachable_from(state: S) -> frozenset[S]:
    """`state` and every state a sequence of actions can lead to from it."""
    found, frontier = {state}, [state]
    while frontier:
        current = frontier.pop()
        for action in ACTIONS.values():
            if current in action.sources:
                for target in action.targets:
                    if target not in found:
                        found.add(target)
                        frontier.append(target)
    return frozenset(found)


# Approved, and everything that comes after an approval (payment, refund, exam results).
APPROVED_OR_LATER = reachable_from(S.approved)
