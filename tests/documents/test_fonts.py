"""The CJK font: registered once per process and path, embedded, with a clear error when absent."""
from __future__ import annotations

import mmap
import shutil
import threading

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from server.documents import fonts
from server.documents.commitment_letter import commitment_letter_pdf
from server.documents.fonts import DEFAULT_FONT_PATH, CjkFontError, CjkFontMissing, cjk_font_name
from tests.documents.pdf_inspection import page_texts


def test_the_default_is_the_debian_wenquanyi_micro_hei():
    assert DEFAULT_FONT_PATH == "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    assert cjk_font_name() == cjk_font_name(DEFAULT_FONT_PATH) == cjk_font_name(None)


def test_a_path_is_loaded_once_even_when_threads_race(tmp_path, monkeypatch):
    copy = tmp_path / "copy-of-wqy.ttc"
    shutil.copyfile(DEFAULT_FONT_PATH, copy)
    loads = []
    real_ttfont = fonts.TTFont
    monkeypatch.setattr(fonts, "TTFont", lambda *a, **k: loads.append(a) or real_ttfont(*a, **k))
    start = threading.Barrier(8)
    names: list[str] = []

    def register() -> None:
        start.wait()
        names.append(cjk_font_name(str(copy)))

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(loads) == 1
    assert len(set(names)) == 1 and len(names) == 8
    assert names[0] != cjk_font_name(), "another file is another font"


def test_a_missing_font_file_names_the_path_and_the_package(tmp_path):
    missing = str(tmp_path / "no-such-font.ttc")
    with pytest.raises(CjkFontMissing) as raised:
        cjk_font_name(missing)
    assert missing in str(raised.value)
    assert "fonts-wqy-microhei" in str(raised.value)
    assert isinstance(raised.value, FileNotFoundError)


def test_a_file_that_is_not_a_font_is_refused_clearly(tmp_path):
    junk = tmp_path / "junk.ttc"
    junk.write_bytes(b"not a font at all" * 100)
    with pytest.raises(CjkFontError) as raised:
        cjk_font_name(str(junk))
    assert str(junk) in str(raised.value)


def test_a_failed_path_is_not_cached_so_installing_the_font_fixes_it(tmp_path):
    later = tmp_path / "installed-later.ttc"
    with pytest.raises(CjkFontMissing):
        cjk_font_name(str(later))
    shutil.copyfile(DEFAULT_FONT_PATH, later)
    assert cjk_font_name(str(later)).startswith("CJK-")


def test_pdfs_built_by_several_threads_at_once_each_carry_their_own_text():
    names = [f"申报人{'甲乙丙丁戊己庚辛'[n]}{'赵钱孙李周吴郑王'[n]}" for n in range(8)]  # different glyphs to subset
    start = threading.Barrier(len(names))
    built: dict[str, bytes] = {}

    def build(name: str) -> None:
        start.wait()
        built[name] = commitment_letter_pdf(name, "2024年第二批评标专家选聘")

    threads = [threading.Thread(target=build, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(name in page_texts(built[name])[0] for name in names)


def test_the_font_is_read_from_a_map_of_its_file_and_its_subsets_come_out_the_same():
    light = pdfmetrics.getFont(fonts.cjk_font_name()).face
    plain = TTFont("plain", fonts.DEFAULT_FONT_PATH, subfontIndex=0).face
    assert isinstance(light._ttf_data, mmap.mmap) and isinstance(plain._ttf_data, bytes)
    text = [ord(char) for char in " 新疆维吾尔自治区评标专家申请表 艾尔肯·吐尔逊 ABC-123（副高级）"]
    assert light.makeSubset(text) == plain.makeSubset(text)
    assert [light.charWidths[code] for code in text] == [plain.charWidths[code] for code in text]
