"""`flask --app server reload-catalog --edition 2018 PATH`: counts in Chinese, or the error and a non-zero exit."""
from __future__ import annotations

from server.extensions import db
from server.reference import services
from tests.reference.catalog_files import find, rename_a0401_and_add_a040118


def run(app, *args):
    return app.test_cli_runner().invoke(args=["reload-catalog", *args])


def test_a_corrected_file_is_loaded_and_the_counts_printed(app, catalog_file):
    result = run(app, "--edition", "2018", str(catalog_file(rename_a0401_and_add_a040118)))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "已载入2018版评标专业目录：共1085项（一级9项、二级113项、三级963项）；新增1项，删除0项，更名1项")
    with app.app_context():
        assert services.catalog()["A0401"].name == "建筑工程（含装配式）"


def test_the_edition_defaults_to_2018_and_reloading_the_same_file_changes_nothing(app, catalog_file):
    path = catalog_file()
    result = run(app, str(path))
    assert result.exit_code == 0 and "新增0项，删除0项，更名0项" in result.output


def test_a_broken_file_exits_non_zero_with_the_chinese_error_and_changes_nothing(app, catalog_file):
    def duplicate(tree):
        find(tree, "A0401")["children"].append({"code": "A040101", "name": "重复的节点"})

    result = run(app, "--edition", "2018", str(catalog_file(duplicate)))
    assert result.exit_code == 1
    assert "专业目录文件有误：编码 A040101 重复出现" in result.output
    with app.app_context():
        assert len(services.catalog()) == 1084
        db.session.remove()


def test_a_missing_file_or_an_unknown_edition_exits_non_zero(app, tmp_path):
    missing = run(app, str(tmp_path / "nothing.json"))
    assert missing.exit_code == 1 and "找不到专业目录文件" in missing.output
    assert run(app, "--edition", "2024", str(tmp_path / "nothing.json")).exit_code == 2
