"""The one CJK font of our PDFs, registered with reportlab once per process.

Chinese text must be drawn with an embedded TrueType font: reportlab's built-in `STSong-Light` is
not embedded (blank pages or boxes in viewers without Adobe-GB1 data) and Noto CJK has PostScript
outlines reportlab cannot read. WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`) works. Loading it
costs ~0.1 s, so it happens once per path, under a lock because gunicorn threads may race.
"""
from __future__ import annotations

import hashlib
import mmap
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from server.memory import release_freed_memory

DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_PACKAGE = "fonts-wqy-microhei"

_lock = threading.Lock()
_names: dict[str, str] = {}
_building = threading.Lock()


@contextmanager
def one_build() -> Iterator[None]:
    """Held for the whole build of a PDF. reportlab's TrueType font is one object per process, and
    building a PDF subsets it through a shared read position and per-document state: two PDFs built
    at once (the outbox's sender mails receipts from several threads) corrupt each other's subsets.
    What the build freed then goes back to the system (~6 MB a sheet, else kept by the worker)."""
    with _building:
        yield
    release_freed_memory()


class CjkFontError(RuntimeError):
    """The configured CJK font cannot be used; no Chinese PDF can be made until it is fixed."""


class CjkFontMissing(CjkFontError, FileNotFoundError):
    """The configured font file does not exist (the font package is not installed)."""


def cjk_font_name(font_path: str | None = None) -> str:
    """The reportlab font name for `font_path` (default: the Debian WenQuanYi Micro Hei).

    The first call for a path loads and registers the font; later calls return the cached name.
    """
    path = os.path.realpath(font_path or DEFAULT_FONT_PATH)
    name = _names.get(path)
    if name is not None:
        return name
    with _lock:
        name = _names.get(path)
        if name is None:
            name = _register(path, requested=font_path or DEFAULT_FONT_PATH)
            _names[path] = name
        return name


def _register(path: str, requested: str) -> str:
    if not os.path.isfile(path):
        raise CjkFontMissing(
            f"CJK font file not found: {requested} — install the Debian package {FONT_PACKAGE} "
            f"(apt-get install -y {FONT_PACKAGE}) or set PDF_FONT_PATH to a TrueType CJK font")
    name = "CJK-" + hashlib.sha1(path.encode()).hexdigest()[:10]
    try:
        font = TTFont(name, path, subfontIndex=0)
    except (TTFError, OSError, ValueError) as exc:
        raise CjkFontError(
            f"CJK font {requested} cannot be used by reportlab ({exc}); use WenQuanYi Micro Hei "
            f"from {FONT_PACKAGE}") from exc
    _lighten(font.face, path)
    pdfmetrics.registerFont(font)
    # One weight only: map bold/italic markup to the same face instead of failing on <b>.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name


def _lighten(face, path: str) -> None:
    """Drop what reportlab keeps of the font and does not need in memory (~6 MB of the ~23 MB a
    worker grows by for WenQuanYi): the file's bytes are read from a read-only map of the file
    instead (the kernel pages in the glyphs a subset copies), and the index from glyphs to
    characters serves only shaping with HarfBuzz, which is not installed."""
    with open(path, "rb") as file:
        face._ttf_data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if ttfonts.uharfbuzz is None:
        face.glyphToChar = {}
