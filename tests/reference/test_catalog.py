"""The specialty catalog: the bundled editions, lookups, and refusing a bad file."""

import dataclasses
import json
import re

import pytest

from server.reference.catalog import (
    DATA_DIR,
    DEFAULT_EDITION,
    RENEWAL_EDITION,
    CatalogError,
    bundled_catalog,
    bundled_catalog_path,
    catalog_from_data,
    load_catalog,
)

CATALOG = bundled_catalog()


def test_the_default_edition_is_2018_and_renewals_use_2010():
    assert (DEFAULT_EDITION, RENEWAL_EDITION) == ("2018", "2010")
    assert "2018" in CATALOG.standard
    assert "2010" in bundled_catalog(RENEWAL_EDITION).standard


def test_the_bundled_files_live_inside_the_package():
    for edition in ("2018", "2010"):
        path = bundled_catalog_path(edition)
        assert path.parent == DATA_DIR and path.is_file()
        assert "shared" not in path.parts
    with pytest.raises(ValueError):
        bundled_catalog_path("2024")


@pytest.mark.parametrize(("edition", "sizes"), [("2018", (9, 113, 962)), ("2010", (9, 102, 848))])
def test_both_editions_load_with_nine_level1_nodes_of_category_a(edition, sizes):
    catalog = bundled_catalog(edition)
    assert tuple(len(catalog.nodes_at(level)) for level in (1, 2, 3)) == sizes
    assert [n.code for n in catalog.roots] == [f"A0{i}" for i in range(1, 10)]
    assert all(re.fullmatch(r"A\d{2}(\d{2}){0,2}", n.code) for n in catalog)


def test_nodes_the_live_system_shows():
    assert CATALOG["A04"].label == "A04 设计"
    assert CATALOG["A0401"].label == "A0401 建筑工程"
    assert CATALOG["A02"].name == "投资策划与决策"
    assert CATALOG["A0201"].name.startswith("项目建议、可行性研究")


def test_lookup_by_code_and_tree_navigation():
    node = CATALOG["A040101"]
    assert (node.level, node.parent_code) == (3, "A0401")
    assert CATALOG.parent("A040101") is CATALOG["A0401"]
    assert [n.code for n in CATALOG.ancestors("A040101")] == ["A0401", "A04"]
    assert CATALOG.parent("A04") is None
    assert CATALOG.get("A9999") is None and "A9999" not in CATALOG
    assert "A0401" in CATALOG
    with pytest.raises(KeyError):
        CATALOG["A9999"]
    assert CATALOG["A04"].children[0] is CATALOG["A0401"]
    assert len(CATALOG) == len(list(CATALOG)) == len(CATALOG.codes)


def test_the_tree_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CATALOG["A04"].name = "改名"
    assert isinstance(CATALOG["A04"].children, tuple)
    with pytest.raises(TypeError):
        CATALOG._by_code["A99"] = CATALOG["A04"]


def test_the_children_of_a0430_carry_its_own_code():
    # the source file had A0428 codes there; the copy here is corrected
    assert all(child.code.startswith("A0430") for child in CATALOG["A0430"].children)


def node(code, name="名称", *children):
    return {"code": code, "name": name, "children": list(children)}


def refused(tree) -> CatalogError:
    with pytest.raises(CatalogError) as raised:
        catalog_from_data({"tree": tree})
    return raised.value


class TestRefusingABadFile:
    def test_a_level1_code_must_be_a_and_two_digits(self):
        error = refused([node("A1", "规划")])
        assert error.code == "A1"
        assert "A1" in error.message and "一级类别编码应为A加2位数字" in error.message

    @pytest.mark.parametrize("bad", ["B01", "A001", "a01", "A0X"])
    def test_other_level1_shapes(self, bad):
        assert refused([node(bad)]).code == bad

    def test_a_level2_code_must_extend_its_parent_by_two_digits(self):
        error = refused([node("A01", "规划", node("A0201", "错位"))])
        assert error.code == "A0201"
        assert "上级编码A01加2位数字" in error.message
        assert error.location == "tree[0].children[0]"

    def test_a_level3_code_must_extend_its_parent_by_two_digits(self):
        tree = [node("A04", "设计", node("A0430", "x", node("A042801", "错位")))]
        error = refused(tree)
        assert (error.code, error.location) == ("A042801", "tree[0].children[0].children[0]")
        assert "A0430" in error.message

    def test_codes_must_be_unique(self):
        error = refused([node("A01", "a", node("A0101", "b")), node("A01", "c")])
        assert error.code == "A01" and "重复" in error.message

    def test_names_must_not_be_empty(self):
        error = refused([node("A01", "  ")])
        assert error.code == "A01" and "名称为空" in error.message

    def test_no_fourth_level(self):
        error = refused([node("A01", "a", node("A0101", "b", node("A010101", "c", node("A01010101", "d"))))])
        assert error.code == "A01010101" and "三级类别下不能再有子类别" in error.message

    def test_structural_errors(self):
        assert refused(["A01"]).location == "tree[0]"
        assert "缺少编码" in refused([{"name": "x"}]).message
        assert "没有任何类别" in refused([]).message
        with pytest.raises(CatalogError):
            catalog_from_data({"nodes": []})

    def test_the_error_is_a_value_error_with_a_chinese_message(self):
        error = refused([node("A1")])
        assert isinstance(error, ValueError) and str(error) == error.message
        assert str(error).startswith("专业目录文件有误")


def test_load_catalog_reads_a_corrected_file(tmp_path):
    path = tmp_path / "corrected.json"
    path.write_text(
        json.dumps({"standard": "更正版", "tree": [node("A01", "规划", node("A0101", "无三级"))]}, ensure_ascii=False),
        encoding="utf-8",
    )
    catalog = load_catalog(path)
    assert catalog.standard == "更正版"
    assert not catalog["A0101"].has_children
    assert catalog.source == str(path)


def test_load_catalog_refuses_broken_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogError, match="不是有效的JSON"):
        load_catalog(path)


def test_the_bundled_catalog_is_loaded_once():
    assert bundled_catalog() is bundled_catalog("2018")
