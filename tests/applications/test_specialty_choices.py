"""What the mini-program's picker may offer next, and why a grey node is grey."""

from server.applications.rules.specialties import node_choices
from server.reference.catalog import bundled_catalog

REAL = bundled_catalog()


def states(primary, alternate=None, *, side="primary", closed=()):
    return {c.code: c for c in node_choices(REAL, primary, alternate, side=side, closed=frozenset(closed))}


def test_every_catalog_node_gets_an_answer_in_catalog_order():
    result = node_choices(REAL, [])
    assert [c.code for c in result] == [n.code for n in REAL]
    assert result[0].name == "规划" and result[0].level == 1


def test_on_an_empty_set_only_level1_nodes_are_selectable():
    found = states([])
    assert {code for code, c in found.items() if c.selectable} == {n.code for n in REAL.roots}
    assert found["A0401"].reason == "首选评标专业的二级类别须在所选一级类别下选报：A0401 建筑工程"
    assert found["A040101"].state == "blocked"


def test_after_a_level1_its_level2_nodes_open_and_other_level1_nodes_close():
    found = states(["A04"])
    assert found["A04"].state == "selected"
    assert found["A0401"].selectable and found["A0430"].selectable
    assert found["A05"].reason == "首选评标专业的一级类别只能选1项"
    assert found["A0501"].state == "blocked"
    assert not found["A040101"].selectable


def test_two_level2_picks_close_the_other_level2_nodes():
    found = states(["A04", "A0401", "A0402"])
    assert found["A0403"].reason == "首选评标专业的二级类别最多选2项"
    assert found["A040101"].selectable and found["A040201"].selectable
    assert not found["A040301"].selectable


def test_four_level3_picks_close_the_rest():
    found = states(["A04", "A0401", "A040101", "A040102", "A040103", "A040104"])
    assert found["A040105"].reason == "首选评标专业的三级类别最多选4项（无三级类别的二级类别计为1项）"


def test_closed_nodes_and_their_branches_are_grey_with_the_reason():
    found = states(["A04"], closed={"A0401"})
    assert found["A0401"].reason == "灰色专业本批次不可选择：A0401 建筑工程"
    assert found["A0402"].selectable


def test_the_alternate_picker_greys_what_the_primary_set_holds():
    primary = ["A04", "A0401", "A040101"]
    assert states(primary, [], side="alternate")["A04"].reason == "备选评标专业不得与首选评标专业重复：A04 设计"
    found = states(primary, ["A05"], side="alternate")
    assert found["A05"].state == "selected"
    assert found["A0501"].selectable
    assert found["A06"].reason == "备选评标专业的一级类别只能选1项"


def test_the_primary_picker_greys_what_the_alternate_set_holds():
    found = states([], ["A05"])
    assert found["A05"].reason == "备选评标专业不得与首选评标专业重复：A05 监理"
    assert found["A04"].selectable


def test_the_reason_is_the_first_rule_broken():
    # A05 in the primary set would be a second level-1 node and a repeat of the alternate
    assert states(["A04"], ["A05"])["A05"].reason == "首选评标专业的一级类别只能选1项"


def test_an_existing_problem_does_not_block_unrelated_nodes():
    # A0501 in the primary set is out of place; A0401 can still be picked
    found = states(["A04", "A0501"])
    assert found["A0401"].selectable


def test_a_choice_serialises_for_the_mini_program():
    assert states([], closed={"A04"})["A04"].as_dict() == {
        "code": "A04",
        "name": "设计",
        "level": 1,
        "state": "blocked",
        "reason": "灰色专业本批次不可选择：A04 设计",
    }
