"""Zips from outside, read in memory within limits: bombs, crafted paths, too many files, encrypted
or damaged members refuse the whole archive; Chinese names from Windows tools come out right."""
from __future__ import annotations

import struct
import zipfile

import pytest

from server.payments.invoices import zips
from server.payments.invoices.zips import (
    DAMAGED,
    ENCRYPTED,
    MAX_MEMBERS,
    TOO_LARGE,
    TOO_MANY,
    UNSAFE_PATH,
    ZipRefused,
    read_members,
)
from tests.fixtures.invoice_samples import zipped


def _refusal(data: bytes) -> str:
    with pytest.raises(ZipRefused) as refused:
        read_members(data)
    return str(refused.value)


def test_members_come_back_in_order_without_directories():
    data = zipped({"a/": b"", "a/一.pdf": b"1", "二.pdf": b"22"})
    assert [(m.name, m.data) for m in read_members(data)] == [("a/一.pdf", b"1"), ("二.pdf", b"22")]


def test_a_member_far_larger_than_its_compressed_size_is_a_bomb():
    assert _refusal(zipped({"bomb.pdf": b"\0" * (5 * 1024 * 1024)})) == TOO_LARGE  # ~5 KB compressed


def test_a_member_over_the_size_limit_is_refused_even_if_it_does_not_compress():
    assert _refusal(zipped({"big.pdf": b"\0" * (zips.MAX_MEMBER_BYTES + 1)},
                           compression=zipfile.ZIP_STORED)) == TOO_LARGE


def test_the_total_size_is_bounded(monkeypatch):
    monkeypatch.setattr(zips, "MAX_TOTAL_BYTES", 1000)
    assert _refusal(zipped({f"{n}.pdf": b"x" * 400 for n in range(3)})) == TOO_LARGE


def test_more_files_than_the_limit_are_refused():
    assert _refusal(zipped({f"{n}.pdf": b"x" for n in range(MAX_MEMBERS + 1)})) == TOO_MANY


@pytest.mark.parametrize("name", ["../evil.pdf", "a/../../evil.pdf", "/etc/passwd", "C:\\invoices\\a.pdf",
                                  "a\\..\\..\\evil.pdf", "a/\x01.pdf"])
def test_a_path_leaving_the_archive_refuses_it_whole(name):
    assert _refusal(zipped({"fine.pdf": b"x", name: b"x"})) == UNSAFE_PATH


def test_dots_inside_names_are_fine():
    assert [m.name for m in read_members(zipped({"发票..备份.pdf": b"x", "a/..b.pdf": b"y"}))] == [
        "发票..备份.pdf", "a/..b.pdf"]


def test_a_gbk_name_written_by_a_windows_tool_is_decoded():
    data = zipped({"abcd.pdf": b"x"})
    gbk = "发票".encode("gbk")
    assert len(gbk) == 4
    data = data.replace(b"abcd.pdf", gbk + b".pdf")  # the name in both headers, no UTF-8 flag
    assert [m.name for m in read_members(data)] == ["发票.pdf"]


def _set_flag(data: bytes, bit: int) -> bytes:
    """Set a general-purpose flag bit in the local and the central header of a one-member zip."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = patched.index(signature) + offset
        flags = struct.unpack_from("<H", patched, at)[0] | bit
        struct.pack_into("<H", patched, at, flags)
    return bytes(patched)


def test_an_encrypted_member_refuses_the_archive():
    assert _refusal(_set_flag(zipped({"a.pdf": b"secret"}), 0x1)) == ENCRYPTED


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04" + b"\0" * 40])
def test_something_that_is_not_a_zip_is_damaged(data):
    assert _refusal(data) == DAMAGED


def test_a_member_whose_bytes_fail_their_checksum_is_damaged():
    data = zipped({"a.pdf": b"hello invoice"}, compression=zipfile.ZIP_STORED)
    assert _refusal(data.replace(b"hello invoice", b"jello invoice")) == DAMAGED


def test_a_truncated_archive_is_damaged():
    data = zipped({"a.pdf": b"x" * 1000})
    assert _refusal(data[: len(data) // 2]) == DAMAGED
