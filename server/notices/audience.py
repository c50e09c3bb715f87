"""Who a notice is for: the applications of one batch in some states, optionally in some prefectures.

Every value staff send is checked against its list (the batch against the batches, states against
the lifecycle's, prefectures against the 14), and the audience becomes one SELECT of account ids,
which the publication turns into rows without loading a single applicant.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, select

from server.applications.models import Application, ApplicationState
from server.batches.models import Batch
from server.extensions import db
from server.reference.options import bundled_options

STATE_CHOICES = "、".join(f"{state.value}（{state.label}）" for state in ApplicationState)


@dataclass(frozen=True)
class Audience:
    batch_id: int
    states: tuple[ApplicationState, ...]
    prefectures: tuple[str, ...] = ()  # none: every prefecture

    def account_ids(self) -> Select[tuple[int]]:
        """The accounts whose application in the batch is in the audience (one per account)."""
        query = select(Application.account_id).where(Application.batch_id == self.batch_id,
                                                     Application.state.in_(self.states))
        if self.prefectures:
            query = query.where(Application.prefecture_code.in_(self.prefectures))
        return query

    def describe(self) -> str:
        """How staff read it: “已缴费 · 克拉玛依市” (the batch is shown beside it)."""
        names = {p.code: p.name for p in bundled_options().prefectures}
        states = "、".join(state.label for state in self.states)
        where = "、".join(names[code] for code in self.prefectures) if self.prefectures else "全部市州"
        return f"{states} · {where}"


def _states(values: Iterable[str], problems: dict[str, str]) -> tuple[ApplicationState, ...]:
    chosen = set(values)
    if chosen - {state.value for state in ApplicationState}:
        problems["states"] = f"申报状态须为以下之一：{STATE_CHOICES}"
    elif not chosen:
        problems["states"] = "请至少选择一个申报状态"
    return tuple(state for state in ApplicationState if state.value in chosen)


def _prefectures(values: Iterable[str], problems: dict[str, str]) -> tuple[str, ...]:
    chosen = set(values)
    known = [p.code for p in bundled_options().prefectures]
    if chosen - set(known):
        choices = "、".join(f"{p.code}（{p.name}）" for p in bundled_options().prefectures)
        problems["prefectures"] = f"所在市州须为以下之一：{choices}"
    return tuple(code for code in known if code in chosen)


def check_audience(batch_id: int | None, states: Iterable[str], prefectures: Iterable[str],
                   problems: dict[str, str]) -> Audience:
    """The audience; what is wrong with it goes into `problems` (field → Chinese), every field at once."""
    if batch_id is None or db.session.get(Batch, batch_id) is None:
        problems["batch_id"] = "请选择选聘批次"
    return Audience(batch_id or 0, _states(states, problems), _prefectures(prefectures, problems))
