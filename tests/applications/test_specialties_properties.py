"""Property: the specialty rules agree with a brute-force oracle over code strings.

The oracle below knows nothing of the catalog's tree objects: it sees a flat set of
codes and uses the code scheme (A01 / A0101 / A010101) and string prefixes for levels,
parents and closed branches. Selections are drawn from the real 2018 catalog and from a
copy of it in which some level-2 nodes lost their children (so that the rule "a level-2
without children counts as one level-3 pick" is exercised), with noise: codes from
anywhere, unknown codes, repeats, overlaps between the sets and closed nodes.
"""

from collections import Counter
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.applications.rules.specialties import CheckMode, check_specialties, node_choices
from server.reference.catalog import Catalog, bundled_catalog, catalog_from_data

REAL = bundled_catalog("2018")


def _without_children_of_odd_level2(catalog: Catalog) -> Catalog:
    def as_data(node):
        drop = node.level == 2 and int(node.code[-2:]) % 2 == 1
        kids = [] if drop else [as_data(child) for child in node.children]
        return {"code": node.code, "name": node.name, "children": kids}

    return catalog_from_data({"tree": [as_data(root) for root in catalog.roots]})


PRUNED = _without_children_of_odd_level2(REAL)
CATALOGS = (REAL, PRUNED)
JUNK = ("A99", "A0199", "A0401X", "B01", "", "a04")


# --- the oracle --------------------------------------------------------------------


@cache
def flat(catalog: Catalog) -> tuple[frozenset[str], frozenset[str]]:
    """(all codes, level-2 codes that no 7-character code starts with)."""
    codes = frozenset(node.code for node in catalog)
    childless = frozenset(
        c for c in codes if len(c) == 5 and not any(len(o) == 7 and o.startswith(c) for o in codes)
    )
    return codes, childless


def oracle(catalog, primary, alternate, closed, complete):
    codes, childless = flat(catalog)
    closed = {c for c in closed if c in codes}
    found = Counter()

    def level(code):
        return {3: 1, 5: 2, 7: 3}[len(code)]

    def where(side, code=None):
        return f"specialties.{side}" if code is None else f"specialties.{side}.level{level(code)}"

    def one(side, picks):
        kept = []
        for code in map(str, picks):
            if code in kept:
                found[(where(side, code if code in codes else None), code, "duplicate")] += 1
            else:
                kept.append(code)
        known = [c for c in kept if c in codes]
        for code in kept:
            if code not in codes:
                found[(where(side), code, "unknown")] += 1
        for code in known:
            if any(code.startswith(x) for x in closed):
                found[(where(side, code), code, "closed")] += 1
        ones = [c for c in known if len(c) == 3]
        twos = [c for c in known if len(c) == 5]
        threes = [c for c in known if len(c) == 7]
        picks3 = [c for c in known if len(c) == 7 or c in childless]
        for code in ones[1:]:
            found[(where(side, code), code, "count")] += 1
        for code in twos[2:]:
            found[(where(side, code), code, "count")] += 1
        for code in twos:
            if code[:3] not in ones:
                found[(where(side, code), code, "parent")] += 1
        for code in picks3[4:]:
            found[(f"specialties.{side}.level3", code, "count")] += 1
        for code in threes:
            if code[:5] not in twos:
                found[(where(side, code), code, "parent")] += 1
        if complete and kept:
            if not ones:
                found[(f"specialties.{side}.level1", None, "required")] += 1
            if not picks3:
                found[(f"specialties.{side}.level3", None, "required")] += 1
        return known

    if complete and not primary:
        found[("specialties.primary", None, "required")] += 1
    primary_known = one("primary", primary or [])
    if alternate:
        for code in one("alternate", alternate):
            if code in primary_known:
                found[(where("alternate", code), code, "overlap")] += 1
    return found


# --- strategies --------------------------------------------------------------------


@st.composite
def one_set(draw, catalog, noise=True):
    level1 = draw(st.sampled_from(catalog.roots))
    picks = [level1.code] if draw(st.integers(0, 9)) else []
    level2 = draw(st.lists(st.sampled_from(level1.children), max_size=3, unique_by=lambda n: n.code))
    picks += [n.code for n in level2]
    pool = [child.code for n in level2 for child in n.children]
    if pool:
        picks += draw(st.lists(st.sampled_from(pool), max_size=6, unique=True))
    if noise:
        anything = st.sampled_from(sorted(flat(catalog)[0])) | st.sampled_from(JUNK)
        picks += draw(st.lists(anything, max_size=2))
        if picks:
            picks += draw(st.lists(st.sampled_from(picks), max_size=1))
    return list(draw(st.permutations(picks)))


def _lineage(codes):
    return sorted({code[:n] for code in codes for n in (3, 5, 7) if len(code) >= n})


def any_set(catalog):
    junk_only = st.lists(st.sampled_from(JUNK), min_size=1, max_size=2)
    return st.none() | st.just([]) | junk_only | one_set(catalog)


@st.composite
def scenarios(draw):
    catalog = draw(st.sampled_from(CATALOGS))
    primary = draw(any_set(catalog))
    alternate = draw(any_set(catalog))
    if primary and alternate is not None:
        alternate = alternate + draw(st.lists(st.sampled_from(primary), max_size=2))
    near = _lineage([str(c) for c in (primary or []) + (alternate or [])])
    candidates = st.sampled_from(sorted(flat(catalog)[0])) | st.sampled_from(JUNK)
    if near:
        candidates = candidates | st.sampled_from(near)
    closed = frozenset(draw(st.lists(candidates, max_size=3)))
    return catalog, primary, alternate, closed


def summary(problems):
    return Counter((p.field, p.code, p.kind) for p in problems)


# --- properties ----------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.sampled_from(list(CheckMode)))
def test_the_rules_agree_with_the_oracle(scenario, mode):
    catalog, primary, alternate, closed = scenario
    problems = check_specialties(catalog, primary, alternate, closed=closed, mode=mode)
    assert summary(problems) == oracle(catalog, primary, alternate, closed, mode is CheckMode.COMPLETE)


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_every_message_is_chinese_and_names_the_offending_code(scenario):
    catalog, primary, alternate, closed = scenario
    for problem in check_specialties(catalog, primary, alternate, closed=closed):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.message)
        if problem.kind in {"unknown", "duplicate", "closed", "parent", "overlap"}:
            assert problem.code in problem.message
        assert problem.severity == "error"


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_submit_adds_only_completeness_problems_to_the_draft_check(scenario):
    catalog, primary, alternate, closed = scenario
    draft = summary(check_specialties(catalog, primary, alternate, closed=closed, mode="draft"))
    complete = summary(check_specialties(catalog, primary, alternate, closed=closed, mode="complete"))
    assert not draft - complete
    assert {kind for (_, _, kind) in complete - draft} <= {"required"}


@st.composite
def clean_drafts(draw):
    """A draft with no problem so far, a side to extend, and some closed nodes."""
    catalog = draw(st.sampled_from(CATALOGS))
    primary = draw(one_set(catalog, noise=False))
    alternate = draw(st.none() | one_set(catalog, noise=False))
    closed = frozenset(draw(st.lists(st.sampled_from(sorted(flat(catalog)[0])), max_size=6)))
    side = draw(st.sampled_from(["primary", "alternate"]))
    return catalog, primary, alternate, closed, side


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(clean_drafts())
def test_the_picker_offers_exactly_the_nodes_that_keep_a_clean_draft_clean(draft):
    catalog, primary, alternate, closed, side = draft
    if oracle(catalog, primary, alternate, closed, complete=False):
        return  # only clean drafts are specified this way
    current = {"primary": list(primary), "alternate": list(alternate or [])}
    for choice in node_choices(catalog, primary, alternate, side=side, closed=closed):
        if choice.code in current[side]:
            assert choice.state == "selected"
            continue
        trial = dict(current)
        trial[side] = current[side] + [choice.code]
        clean = not oracle(catalog, trial["primary"], trial["alternate"], closed, complete=False)
        assert choice.selectable == clean, choice
        assert (choice.reason is None) == clean
