"""File names are kept for showing and downloading, never used as paths; dangerous ones are refused."""
from __future__ import annotations

import pytest

from server.errors import InvalidInput
from server.files.names import BAD_NAME, clean_name, download_name


@pytest.mark.parametrize("name", ["../etc/passwd.pdf", "..\\boot.ini", "a/b.pdf", "a\\b.pdf",
                                  "证书\x00.pdf", "bell\x07.pdf", "line\nbreak.pdf", "x..pdf",
                                  "gpj\u202e.exe", "del\x7f.pdf"])
def test_names_with_separators_dot_dot_nul_or_control_characters_are_refused(name):
    with pytest.raises(InvalidInput) as refusal:
        clean_name(name, "学历证明", ".pdf")
    assert refusal.value.fields == {"file": BAD_NAME}


def test_ordinary_chinese_names_are_kept_as_given():
    assert clean_name("  学历证明（2024）.pdf ", "学历证明", ".pdf") == "学历证明（2024）.pdf"


def test_a_long_name_is_cut_to_100_characters_keeping_its_extension():
    name = clean_name("证" * 150 + ".pdf", "学历证明", ".pdf")
    assert len(name) == 100 and name.endswith("证.pdf")


def test_a_missing_name_becomes_the_kind_and_the_real_extension():
    assert clean_name(None, "学历证明", ".pdf") == clean_name("", "学历证明", ".pdf") == "学历证明.pdf"


def test_the_download_name_carries_the_extension_of_what_is_stored():
    assert download_name("身份证.png", ".jpg") == "身份证.jpg"
    assert download_name("照片.JPG", ".jpg") == "照片.JPG"
    assert download_name("scan", ".pdf") == "scan.pdf"
