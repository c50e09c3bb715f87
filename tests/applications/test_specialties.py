"""评标专业 picks: the rules, example by example.

A set is a flat list of picked codes (any level, pick order). The synthetic catalog
below has level-2 nodes without children, which the real catalogs do not (yet) have.
"""

from collections import Counter

import pytest

from server.applications.rules.specialties import (
    CheckMode,
    check_specialties,
    group_by_level,
    is_closed,
)
from server.reference.catalog import bundled_catalog, catalog_from_data


def node(code, name, *children):
    return {"code": code, "name": name, "children": list(children)}


SMALL = catalog_from_data(
    {
        "tree": [
            node(
                "A01", "规划",
                node("A0101", "国民经济规划", node("A010101", "总体规划"), node("A010102", "公路"),
                     node("A010103", "铁路"),
                     node("A010104", "民航")),
                node("A0102", "城乡规划"),  # no level-3 children
                node("A0103", "专项规划"),  # no level-3 children
            ),
            node(
                "A02", "投资策划与决策",
                node("A0201", "可行性研究", *[node(f"A02010{i}", f"研究{i}") for i in range(1, 7)]),
                node("A0202", "评估", node("A020201", "后评价")),
            ),
            node("A03", "勘察", node("A0301", "岩土", node("A030101", "岩土工程勘察"))),
        ]
    }
)
REAL = bundled_catalog()


def check(primary, alternate=None, *, closed=(), mode=CheckMode.COMPLETE, catalog=SMALL):
    return check_specialties(catalog, primary, alternate, closed=frozenset(closed), mode=mode)


def summary(problems):
    return Counter((p.field, p.code, p.kind) for p in problems)


class TestAcceptable:
    def test_one_level1_two_level2_four_level3(self):
        assert check(["A02", "A0201", "A0202", "A020101", "A020102", "A020103", "A020201"]) == []

    def test_a_level2_without_children_is_itself_the_level3_pick(self):
        assert check(["A01", "A0102"]) == []

    def test_a_childless_level2_plus_three_level3(self):
        assert check(["A01", "A0101", "A0102", "A010101", "A010102", "A010103"]) == []

    def test_order_does_not_matter_for_an_acceptable_set(self):
        assert check(["A010101", "A0101", "A01"]) == []

    def test_with_an_alternate_set_under_another_level1(self):
        assert check(["A01", "A0102"], ["A02", "A0201", "A020101"]) == []

    def test_the_real_catalog(self):
        assert check(["A04", "A0401", "A040101", "A040102"], ["A05", "A0501", "A050101"], catalog=REAL) == []


class TestCounts:
    def test_only_one_level1(self):
        problems = check(["A01", "A02", "A0102"])
        assert summary(problems) == {("specialties.primary.level1", "A02", "count"): 1}
        assert problems[0].message == "首选评标专业的一级类别只能选1项"

    def test_at_most_two_level2_the_third_pick_is_the_offender(self):
        problems = check(["A01", "A0101", "A0102", "A0103", "A010101"])
        assert summary(problems) == {("specialties.primary.level2", "A0103", "count"): 1}
        assert problems[0].message == "首选评标专业的二级类别最多选2项"

    def test_at_most_four_level3_picks(self):
        picks = ["A02", "A0201"] + [f"A02010{i}" for i in range(1, 7)]
        problems = check(picks)
        assert summary(problems) == {
            ("specialties.primary.level3", "A020105", "count"): 1,
            ("specialties.primary.level3", "A020106", "count"): 1,
        }
        assert problems[0].message == "首选评标专业的三级类别最多选4项（无三级类别的二级类别计为1项）"

    def test_a_childless_level2_counts_towards_the_four(self):
        four_level3 = ["A010101", "A010102", "A010103", "A010104"]
        assert check(["A01", "A0101", *four_level3]) == []
        problems = check(["A01", "A0101", *four_level3, "A0102"])
        assert summary(problems) == {("specialties.primary.level3", "A0102", "count"): 1}

    def test_the_same_limits_apply_to_the_alternate_set(self):
        problems = check(["A03", "A0301", "A030101"], ["A01", "A02", "A0102"])
        assert summary(problems) == {("specialties.alternate.level1", "A02", "count"): 1}
        assert problems[0].message == "备选评标专业的一级类别只能选1项"


class TestParentage:
    def test_level2_must_be_under_the_chosen_level1(self):
        problems = check(["A01", "A0201", "A020101"])
        assert summary(problems) == {("specialties.primary.level2", "A0201", "parent"): 1}
        assert problems[0].message == "首选评标专业的二级类别须在所选一级类别下选报：A0201 可行性研究"

    def test_level3_must_be_under_a_chosen_level2(self):
        problems = check(["A01", "A0101", "A010101", "A010102", "A0102"] + ["A020101"])
        assert summary(problems) == {("specialties.primary.level3", "A020101", "parent"): 1}
        assert "三级类别须在所选二级类别下选报：A020101" in problems[0].message

    def test_level3_whose_level2_was_not_picked_is_refused_even_under_the_right_level1(self):
        problems = check(["A02", "A0202", "A020201", "A020101"])
        assert summary(problems) == {("specialties.primary.level3", "A020101", "parent"): 1}

    def test_a_draft_is_also_held_to_parentage(self):
        problems = check(["A0101"], mode=CheckMode.DRAFT)
        assert summary(problems) == {("specialties.primary.level2", "A0101", "parent"): 1}


class TestRepeatsAndUnknownCodes:
    def test_a_code_picked_twice(self):
        problems = check(["A01", "A0102", "A0102"])
        assert summary(problems) == {("specialties.primary.level2", "A0102", "duplicate"): 1}
        assert problems[0].message == "首选评标专业重复选择：A0102 城乡规划"

    def test_a_code_not_in_the_catalog(self):
        problems = check(["A01", "A0102", "A0199"])
        assert summary(problems) == {("specialties.primary", "A0199", "unknown"): 1}
        assert problems[0].message == "首选评标专业中的专业编码不在评标专业目录中：A0199"

    def test_codes_of_another_edition_are_unknown(self):
        # A0104 (and its A010401) exist in the 2018 edition, not in the 2010 one
        picks = ["A01", "A0101", "A010101", "A0104", "A010401"]
        assert check(picks, catalog=REAL) == []
        assert summary(check(picks, catalog=bundled_catalog("2010"))) == {
            ("specialties.primary", "A0104", "unknown"): 1,
            ("specialties.primary", "A010401", "unknown"): 1,
        }

    def test_the_alternate_set_repeats_nothing_of_the_primary(self):
        problems = check(["A01", "A0101", "A010101"], ["A01", "A0102"])
        assert summary(problems) == {("specialties.alternate.level1", "A01", "overlap"): 1}
        assert problems[0].message == "备选评标专业不得与首选评标专业重复：A01 规划"

    def test_every_shared_code_is_named(self):
        problems = check(["A02", "A0201", "A020101"], ["A02", "A0201", "A020102"])
        assert summary(problems) == {
            ("specialties.alternate.level1", "A02", "overlap"): 1,
            ("specialties.alternate.level2", "A0201", "overlap"): 1,
        }


class TestClosedNodes:
    def test_a_closed_node_is_refused_with_its_code_and_name(self):
        problems = check(["A04", "A0401", "A040101"], closed={"A0401"}, catalog=REAL)
        assert summary(problems) == {
            ("specialties.primary.level2", "A0401", "closed"): 1,
            ("specialties.primary.level3", "A040101", "closed"): 1,
        }
        assert problems[0].message == "灰色专业本批次不可选择：A0401 建筑工程"

    def test_closing_a_node_closes_everything_under_it(self):
        assert is_closed(SMALL, "A010101", {"A01"})
        assert is_closed(SMALL, "A0101", {"A0101"})
        assert not is_closed(SMALL, "A0101", {"A010101"})

    def test_closed_nodes_are_refused_in_the_alternate_set_and_in_drafts(self):
        problems = check([], ["A03"], closed={"A03"}, mode=CheckMode.DRAFT)
        assert summary(problems) == {("specialties.alternate.level1", "A03", "closed"): 1}

    def test_closing_an_unknown_code_closes_nothing(self):
        assert check(["A01", "A0102"], closed={"A", "A9", "X"}) == []


class TestCompleteness:
    def test_the_primary_set_is_required_at_submit(self):
        for empty in (None, []):
            problems = check(empty)
            assert summary(problems) == {("specialties.primary", None, "required"): 1}
            assert problems[0].message == "请选择首选评标专业"

    def test_a_draft_may_be_empty(self):
        assert check(None, mode=CheckMode.DRAFT) == []
        assert check([], [], mode="draft") == []

    def test_a_complete_set_needs_its_level1(self):
        # (the level-2 is then also outside the chosen level-1)
        assert summary(check(["A0102"])) == {
            ("specialties.primary.level1", None, "required"): 1,
            ("specialties.primary.level2", "A0102", "parent"): 1,
        }

    def test_a_complete_set_needs_a_level3_pick(self):
        problems = check(["A01", "A0101"])
        assert summary(problems) == {("specialties.primary.level3", None, "required"): 1}
        assert problems[0].message == "请选择首选评标专业的三级类别（无三级类别的二级类别可直接选报）"
        assert summary(check(["A01"])) == summary(problems)

    def test_a_partial_set_is_fine_as_a_draft(self):
        assert check(["A01"], mode=CheckMode.DRAFT) == []
        assert check(["A01", "A0101"], ["A02"], mode=CheckMode.DRAFT) == []

    def test_the_alternate_set_is_optional_but_complete_when_given(self):
        assert check(["A01", "A0102"], None) == []
        assert summary(check(["A01", "A0102"], ["A02"])) == {("specialties.alternate.level3", None, "required"): 1}


def test_the_seed_sample_would_need_a_level3_pick_to_submit():
    # The seed's review sheet shows 一级 A04 设计 / 二级 A0401 建筑工程 and no level-3 pick.
    assert check(["A04", "A0401"], mode=CheckMode.DRAFT, catalog=REAL) == []
    assert summary(check(["A04", "A0401"], catalog=REAL)) == {("specialties.primary.level3", None, "required"): 1}


def test_non_string_codes_are_reported_not_crashed_on():
    assert summary(check(["A01", "A0102", 42])) == {("specialties.primary", "42", "unknown"): 1}


def test_group_by_level_for_the_review_sheet():
    view = group_by_level(REAL, ["A040101", "A04", "A0401", "A040101", "bogus"])
    assert [n.label for n in view.level1] == ["A04 设计"]
    assert [n.label for n in view.level2] == ["A0401 建筑工程"]
    assert [n.code for n in view.level3] == ["A040101"]


@pytest.mark.parametrize("mode", ["draft", "complete", CheckMode.DRAFT])
def test_mode_accepts_its_string_value(mode):
    assert check(["A01", "A0102"], mode=mode) == []


def test_a_bare_string_is_not_a_selection():
    with pytest.raises(TypeError):
        check("A01")
