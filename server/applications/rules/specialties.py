"""The rules of picking bid-evaluation specialties (评标专业): one function owns them.

Representation
--------------
A *selection set* (the primary 首选 or the alternate 备选 set) is a flat, ordered list of
picked catalog codes of any level, in the order the applicant picked them, e.g.
``["A04", "A0401", "A040101", "A0402"]``. The level of a code is the catalog's.
Order matters only to say which pick is the one too many: for a count limit the
picks beyond the limit, in list order, are the offending ones.

Rules within one set
--------------------
- every code exists in the catalog; no code twice;
- a closed node (grey for this batch) is refused; a node under a closed node is closed too;
- at most 1 level-1 node;
- at most 2 level-2 nodes, each one's parent picked as the level-1 node;
- at most 4 *level-3 picks*: level-3 nodes plus level-2 nodes that have no children
  (a level-2 without children counts as one level-3 pick);
  each level-3 node's parent must be one of the picked level-2 nodes.
Between sets: the alternate set shares no code with the primary set (not even the
level-1 node).

Modes
-----
``CheckMode.DRAFT`` checks only what is picked so far (the rules above).
``CheckMode.COMPLETE`` (submit) also requires the primary set, and in every given set
the level-1 node and at least one level-3 pick. An empty or missing alternate set is
"not given" and is never required.

Output: a list of :class:`Problem` with field paths ``specialties.<side>`` (set level,
unknown codes), ``specialties.<side>.level1`` / ``.level2`` / ``.level3``; ``code`` is
the offending code (None for a missing pick) and ``kind`` one of ``required``,
``unknown``, ``duplicate``, ``closed``, ``count``, ``parent``, ``overlap``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from server.applications.rules.problems import Problem
from server.reference.catalog import Catalog, SpecialtyNode

Side = Literal["primary", "alternate"]
SIDES: tuple[Side, Side] = ("primary", "alternate")
SIDE_LABELS = {"primary": "首选评标专业", "alternate": "备选评标专业"}

MAX_LEVEL1 = 1
MAX_LEVEL2 = 2
MAX_LEVEL3_PICKS = 4


class CheckMode(str, Enum):
    DRAFT = "draft"
    COMPLETE = "complete"


def field_path(side: Side, level: int | None = None) -> str:
    base = f"specialties.{side}"
    return base if level is None else f"{base}.level{level}"


def counts_as_level3_pick(node: SpecialtyNode) -> bool:
    return node.level == 3 or (node.level == 2 and not node.children)


def is_closed(catalog: Catalog, code: str, closed: Collection[str]) -> bool:
    """A node is closed when it or any of its ancestors is in ``closed``."""
    if code in closed:
        return True
    return any(ancestor.code in closed for ancestor in catalog.ancestors(code))


def _check_set(
    catalog: Catalog, side: Side, picks: Sequence[str], closed: Collection[str], mode: CheckMode
) -> tuple[list[Problem], list[SpecialtyNode]]:
    """Problems of one set, and its distinct known nodes in pick order."""
    label = SIDE_LABELS[side]
    problems: list[Problem] = []
    distinct: list[str] = []
    for raw in picks:
        code = str(raw)
        node = catalog.get(code)
        if code in distinct:
            where = field_path(side, node.level if node else None)
            text = f"{label}重复选择：{node.label if node else code}"
            problems.append(Problem(where, text, code, "duplicate"))
        else:
            distinct.append(code)

    nodes: list[SpecialtyNode] = []
    for code in distinct:
        node = catalog.get(code)
        if node is None:
            text = f"{label}中的专业编码不在评标专业目录中：{code}"
            problems.append(Problem(field_path(side), text, code, "unknown"))
        else:
            nodes.append(node)

    for node in nodes:
        if is_closed(catalog, node.code, closed):
            text = f"灰色专业本批次不可选择：{node.label}"
            problems.append(Problem(field_path(side, node.level), text, node.code, "closed"))

    level1 = [n for n in nodes if n.level == 1]
    level2 = [n for n in nodes if n.level == 2]
    level3 = [n for n in nodes if n.level == 3]
    level3_picks = [n for n in nodes if counts_as_level3_pick(n)]
    level1_codes = {n.code for n in level1}
    level2_codes = {n.code for n in level2}

    for node in level1[MAX_LEVEL1:]:
        text = f"{label}的一级类别只能选{MAX_LEVEL1}项"
        problems.append(Problem(field_path(side, 1), text, node.code, "count"))
    for node in level2[MAX_LEVEL2:]:
        text = f"{label}的二级类别最多选{MAX_LEVEL2}项"
        problems.append(Problem(field_path(side, 2), text, node.code, "count"))
    for node in level2:
        if node.parent_code not in level1_codes:
            text = f"{label}的二级类别须在所选一级类别下选报：{node.label}"
            problems.append(Problem(field_path(side, 2), text, node.code, "parent"))
    for node in level3_picks[MAX_LEVEL3_PICKS:]:
        text = f"{label}的三级类别最多选{MAX_LEVEL3_PICKS}项（无三级类别的二级类别计为1项）"
        problems.append(Problem(field_path(side, 3), text, node.code, "count"))
    for node in level3:
        if node.parent_code not in level2_codes:
            text = f"{label}的三级类别须在所选二级类别下选报：{node.label}"
            problems.append(Problem(field_path(side, 3), text, node.code, "parent"))

    if mode is CheckMode.COMPLETE and distinct:
        if not level1:
            problems.append(Problem(field_path(side, 1), f"请选择{label}的一级类别", None, "required"))
        if not level3_picks:
            text = f"请选择{label}的三级类别（无三级类别的二级类别可直接选报）"
            problems.append(Problem(field_path(side, 3), text, None, "required"))
    return problems, nodes


def check_specialties(
    catalog: Catalog,
    primary: Sequence[str] | None,
    alternate: Sequence[str] | None = None,
    *,
    closed: Collection[str] = frozenset(),
    mode: CheckMode | str = CheckMode.COMPLETE,
) -> list[Problem]:
    """Every problem of a specialty selection (empty list = acceptable).

    ``primary`` / ``alternate``: flat lists of picked codes (see the module docstring);
    ``closed``: codes closed for the batch; ``mode``: draft or complete.
    """
    if isinstance(primary, str) or isinstance(alternate, str):
        raise TypeError("a selection set is a list of codes, not a string")
    mode = CheckMode(mode)
    primary = list(primary or [])
    alternate = list(alternate or [])
    problems: list[Problem] = []

    if not primary and mode is CheckMode.COMPLETE:
        label = SIDE_LABELS["primary"]
        problems.append(Problem(field_path("primary"), f"请选择{label}", None, "required"))
    primary_problems, primary_nodes = _check_set(catalog, "primary", primary, closed, mode)
    problems += primary_problems

    if alternate:
        alternate_problems, alternate_nodes = _check_set(catalog, "alternate", alternate, closed, mode)
        problems += alternate_problems
        primary_codes = {n.code for n in primary_nodes}
        for node in alternate_nodes:
            if node.code in primary_codes:
                text = f"备选评标专业不得与首选评标专业重复：{node.label}"
                problems.append(Problem(field_path("alternate", node.level), text, node.code, "overlap"))
    return problems


# --- what the picker may offer next -------------------------------------------------


@dataclass(frozen=True, slots=True)
class NodeChoice:
    """Whether one catalog node can be picked next in one set.

    state: ``"selected"`` (already in the set), ``"selectable"`` or ``"blocked"``;
    reason: for ``"blocked"``, the Chinese message of the first rule the pick would break.
    """

    code: str
    name: str
    level: int
    state: Literal["selected", "selectable", "blocked"]
    reason: str | None = None

    @property
    def selectable(self) -> bool:
        return self.state == "selectable"

    def as_dict(self) -> dict[str, str | int | None]:
        return {"code": self.code, "name": self.name, "level": self.level, "state": self.state, "reason": self.reason}


def node_choices(
    catalog: Catalog,
    primary: Sequence[str] | None,
    alternate: Sequence[str] | None = None,
    *,
    side: Side = "primary",
    closed: Collection[str] = frozenset(),
) -> list[NodeChoice]:
    """For every catalog node (depth first): may it be added to ``side`` now, and if not why.

    Built on :func:`check_specialties` in draft mode: a node is blocked when adding it to
    the end of the set yields a new problem naming that node.
    """
    current = {"primary": list(primary or []), "alternate": list(alternate or [])}
    picked = set(current[side])
    baseline = set(
        check_specialties(catalog, current["primary"], current["alternate"], closed=closed, mode=CheckMode.DRAFT)
    )
    result: list[NodeChoice] = []
    for node in catalog:
        if node.code in picked:
            result.append(NodeChoice(node.code, node.name, node.level, "selected"))
            continue
        trial = dict(current)
        trial[side] = current[side] + [node.code]
        found = check_specialties(
            catalog, trial["primary"], trial["alternate"], closed=closed, mode=CheckMode.DRAFT
        )
        reasons = [p.message for p in found if p.code == node.code and p not in baseline]
        if reasons:
            result.append(NodeChoice(node.code, node.name, node.level, "blocked", reasons[0]))
        else:
            result.append(NodeChoice(node.code, node.name, node.level, "selectable"))
    return result


# --- display -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelectionView:
    """A set grouped by level, for the review sheet and the console (known codes only)."""

    level1: tuple[SpecialtyNode, ...]
    level2: tuple[SpecialtyNode, ...]
    level3: tuple[SpecialtyNode, ...]


def group_by_level(catalog: Catalog, picks: Sequence[str] | None) -> SelectionView:
    seen: list[SpecialtyNode] = []
    for code in picks or []:
        node = catalog.get(str(code))
        if node is not None and node not in seen:
            seen.append(node)
    return SelectionView(
        level1=tuple(n for n in seen if n.level == 1),
        level2=tuple(n for n in seen if n.level == 2),
        level3=tuple(n for n in seen if n.level == 3),
    )
