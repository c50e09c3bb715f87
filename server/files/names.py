"""The file name an applicant sees again: checked, never trusted as a path.

Names with path separators, `..`, NUL or other control characters (including the bidirectional
overrides that disguise `gpj.exe` as `exe.jpg`) are refused; the rest is kept, NFC-normalised and
cut to 100 characters with its extension. The stored name is only ever shown and offered as a
download name; blobs are stored under their hash.
"""
from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from server.errors import InvalidInput

MAX_NAME_LENGTH = 100
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
BAD_NAME = "文件名不能包含 /、\\、..、空字符或控制字符，请改名后重新上传"


def _forbidden(character: str) -> bool:
    return (character in "/\\\x00" or unicodedata.category(character) == "Cc"
            or character in BIDI_CONTROLS)


def clean_name(name: str | None, fallback_stem: str, extension: str, field: str = "file") -> str:
    """The name to keep; a missing or blank name becomes `fallback_stem + extension`."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if any(_forbidden(c) for c in name) or ".." in name:
        raise InvalidInput.field(field, BAD_NAME)
    if not name:
        name = fallback_stem + extension
    if len(name) <= MAX_NAME_LENGTH:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix) > 10:
        suffix = ""
    return name[:MAX_NAME_LENGTH - len(suffix)] + suffix


def download_name(original_name: str, extension: str) -> str:
    """The name to offer: the original stem with the extension of what is really stored."""
    stem = PurePosixPath(original_name).stem or original_name
    return f"{stem}{extension}" if not original_name.lower().endswith(extension) else original_name
