"""A zip of issued invoices, as finance staff download them from the invoicing platform.

Each file is read on its own and answered with its invoice or the reason it could not be read; the
archive as a whole is refused (ArchiveRefused) when it is damaged, a zip bomb, holds more than
`zips.MAX_MEMBERS` files, or names a path outside itself. Zips inside the zip are not opened.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from server.payments.invoices.issued import InvoiceReadError, IssuedInvoice, read_invoice
from server.payments.invoices.zips import ZipRefused, read_members

NESTED = "压缩包内不能再含压缩包，请解压后分别上传"


class ArchiveRefused(InvoiceReadError):
    """Nothing in the archive was read; the message is the Chinese reason."""


def _is_clutter(path: str) -> bool:
    """What archivers add on their own: macOS resource forks, .DS_Store, Thumbs.db."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    return "__MACOSX" in parts or parts[-1].startswith(".") or parts[-1].lower() == "thumbs.db"


def read_archive(data: bytes) -> list[tuple[str, IssuedInvoice | InvoiceReadError]]:
    """(path inside the archive, its invoice or why not) for every file, in archive order."""
    try:
        members = read_members(data)
    except ZipRefused as refused:
        raise ArchiveRefused(str(refused)) from None
    results: list[tuple[str, IssuedInvoice | InvoiceReadError]] = []
    for member in members:
        if _is_clutter(member.name):
            continue
        name = PurePosixPath(member.name.replace("\\", "/")).name
        if name.lower().endswith(".zip"):
            results.append((member.name, InvoiceReadError(NESTED)))
            continue
        try:
            results.append((member.name, read_invoice(name, member.data)))
        except InvoiceReadError as error:
            results.append((member.name, error))
    return results
