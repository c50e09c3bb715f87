"""A body of unknown length (Transfer-Encoding: chunked) is held to the same cap as one with a length.

Werkzeug caps such a stream at MAX_CONTENT_LENGTH by cutting it short: the reader sees the first
11 MB and a JSON body "is not valid JSON". This middleware reads the chunked body first, at most
one byte over the cap; an oversized one is announced by its length, so Werkzeug refuses it with
413 wherever it is read, in the error shape of the part of the site that reads it.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ChunkedBodyLimit:
    def __init__(self, app: WsgiApp, max_bytes: Callable[[], int | None]) -> None:
        self.app, self.max_bytes = app, max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        limit = self.max_bytes()
        if limit is not None and _unknown_length(environ):
            body = _read(environ["wsgi.input"], limit + 1)
            environ.pop("HTTP_TRANSFER_ENCODING")  # de-chunked now; Werkzeug ignores a chunked body's length
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(b"" if len(body) > limit else body)
        return self.app(environ, start_response)


def _unknown_length(environ: dict[str, Any]) -> bool:
    """Chunked only: another body without a length may be an open socket that never ends."""
    return not environ.get("CONTENT_LENGTH") and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()


def _read(stream: Any, at_most: int) -> bytes:
    parts: list[bytes] = []
    left = at_most
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
