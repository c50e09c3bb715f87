"""Choice lists of the form, read from the package's own data files."""

import json
import shutil
from pathlib import Path

import pytest

from server.reference.catalog import DATA_DIR
from server.reference.options import OptionsError, bundled_options, load_options

OPTIONS = bundled_options()


def test_the_fourteen_prefectures_each_with_a_xinjiang_division_code():
    assert len(OPTIONS.prefectures) == 14
    assert all(p.code.startswith("65") and len(p.code) == 6 for p in OPTIONS.prefectures)
    assert OPTIONS.prefectures[0].name == "乌鲁木齐市"
    assert len({p.name for p in OPTIONS.prefectures}) == 14


def test_xpcc_cities_are_kept_apart():
    assert OPTIONS.other_units and all(p.code.startswith("659") for p in OPTIONS.other_units)
    assert OPTIONS.prefecture("659001") is None
    assert OPTIONS.prefecture("659001", include_other_units=True).name == "石河子市"


def test_a_prefecture_is_found_by_its_code_never_by_its_name():
    # the seed's sample applicant is in 克拉玛依市; a name stored as the code reaches no reviewer
    assert OPTIONS.prefecture("650200").name == "克拉玛依市"
    assert OPTIONS.prefecture("克拉玛依市") is None
    assert OPTIONS.prefecture("北京市") is None


def test_political_affiliations_of_gb_t_4762():
    assert len(OPTIONS.political_affiliations) == 13
    assert OPTIONS.political_affiliation("01").short == "中共党员"
    assert OPTIONS.political_affiliation("13").name == "群众"
    assert OPTIONS.political_affiliation("中共党员") is None and OPTIONS.political_affiliation("群众") is None


def test_education_degree_and_title_choices():
    assert "大专" in OPTIONS.education_choices  # the seed's sample reads 最高学历：大专
    assert "硕士" in OPTIONS.degree_choices  # and 最高学位：硕士
    assert "无" in OPTIONS.degree_choices
    assert OPTIONS.title_levels[:2] == ("正高级", "副高级")
    assert OPTIONS.engineering_titles["副高级"] == "高级工程师"
    assert any(level.code == "31" and level.name == "大学专科毕业" for level in OPTIONS.education_levels)


def test_options_are_immutable():
    with pytest.raises(TypeError):
        OPTIONS.engineering_titles["正高级"] = "x"
    assert isinstance(OPTIONS.prefectures, tuple)


def test_the_data_files_are_the_packages_own():
    assert Path(__file__).resolve().parents[2] / "server" / "reference" / "data" == DATA_DIR
    assert sorted(p.name for p in DATA_DIR.glob("*.json")) == [
        "batch-defaults.json",
        "form-options.json",
        "prefectures.json",
        "specialties-2010.json",
        "specialties-2018.json",
    ]


def _copy_data(tmp_path: Path) -> Path:
    for name in ("form-options.json", "prefectures.json"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_a_duplicated_prefecture_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path)
    doc = json.loads((data_dir / "prefectures.json").read_text(encoding="utf-8"))
    doc["prefectures"].append(doc["prefectures"][0])
    (data_dir / "prefectures.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OptionsError, match="市州代码重复：650100"):
        load_options(data_dir)


def test_a_missing_section_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path)
    doc = json.loads((data_dir / "form-options.json").read_text(encoding="utf-8"))
    del doc["degree"]
    (data_dir / "form-options.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OptionsError, match="缺少必要内容"):
        load_options(data_dir)
