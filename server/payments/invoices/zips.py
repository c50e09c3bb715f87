"""Reading zip files from outside (an upload of invoices, an OFD invoice, which is a zip too)
without trusting them: never extracted to disk, sizes bounded while reading, crafted names refused.

The limits are generous for real work (hundreds of invoices of ~100 KB) and far below what a zip
bomb needs: a member's declared size is checked first, and its real size while it is read, so a
header that lies gains nothing.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

MAX_MEMBERS = 500  # files in one archive
MAX_MEMBER_BYTES = 10 * 1024 * 1024  # one file, uncompressed
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all files, uncompressed
MAX_RATIO = 100  # uncompressed : compressed, for members over RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 64 * 1024

DAMAGED = "压缩文件已损坏或不是 ZIP 格式"
TOO_MANY = f"压缩包内的文件超过{MAX_MEMBERS}个，请分批上传"
TOO_LARGE = "压缩包解压后过大（疑似压缩炸弹），已拒绝"
UNSAFE_PATH = "压缩包内的文件路径不安全（含“..”、绝对路径或控制字符），已拒绝整个压缩包"
ENCRYPTED = "压缩包内有加密的文件，请上传未加密的压缩包"

_UNSAFE = re.compile(r"(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:|[\x00-\x1f\x7f]")


class ZipRefused(ValueError):
    """The archive as a whole cannot be read; the message is the Chinese reason."""


@dataclass(frozen=True)
class ZipMember:
    name: str
    data: bytes = field(repr=False)


def _decoded_name(info: zipfile.ZipInfo) -> str:
    """Windows tools write Chinese names in GBK without the UTF-8 flag; zipfile reads them as
    cp437. Undo that, trying UTF-8 first (macOS and Linux tools)."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` bytes, whatever the header declared."""
    buffer = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            buffer += chunk
            if len(buffer) > limit:
                raise ZipRefused(TOO_LARGE)
    return bytes(buffer)


def _check(infos: list[zipfile.ZipInfo], max_members: int) -> None:
    if len(infos) > max_members:
        raise ZipRefused(TOO_MANY)
    declared = 0
    for info in infos:
        if _UNSAFE.search(info.filename) or _UNSAFE.search(_decoded_name(info)):
            raise ZipRefused(UNSAFE_PATH)
        if info.flag_bits & 0x1:
            raise ZipRefused(ENCRYPTED)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO):
            raise ZipRefused(TOO_LARGE)
        declared += info.file_size
    if declared > MAX_TOTAL_BYTES:
        raise ZipRefused(TOO_LARGE)


def read_members(data: bytes, *, max_members: int = MAX_MEMBERS) -> list[ZipMember]:
    """Every file in the archive (directories left out), in archive order, or ZipRefused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ZipRefused(DAMAGED) from None
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        _check(infos, max_members)
        members, total = [], 0
        for info in infos:
            try:
                content = _bounded_read(archive, info, min(MAX_MEMBER_BYTES, MAX_TOTAL_BYTES - total))
            except ZipRefused:
                raise
            except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError):
                raise ZipRefused(DAMAGED) from None  # a bad CRC, a truncated or unknown compression
            total += len(content)
            members.append(ZipMember(_decoded_name(info), content))
    return members
