"""Documents (PDF, XLSX) leave the server one way: named in Chinese with an ASCII fallback, never
sniffed, never cached (they carry personal data)."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response

from server.files.services import OpenedFile

CONTENT_TYPES = {".pdf": "application/pdf", ".ofd": "application/ofd",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def send_document(data: bytes, filename: str, ascii_filename: str, *, inline: bool = False) -> Response:
    """`filename` is what the user sees (RFC 5987); `ascii_filename` is for clients that cannot."""
    extension = ascii_filename[ascii_filename.rfind("."):]
    response = Response(data, mimetype=CONTENT_TYPES[extension])
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_filename}\"; filename*=UTF-8''{quote(filename)}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_stored_file(opened: OpenedFile) -> Response:
    """An uploaded file, shown inline (images and PDFs open in the browser or the mini-program)."""
    response = Response(opened.data, mimetype=opened.file.content_type)
    response.headers["Content-Disposition"] = (
        f"inline; filename={opened.file.id}{opened.extension}; filename*=UTF-8''{quote(opened.download_name)}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
