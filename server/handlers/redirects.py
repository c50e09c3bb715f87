"""Where a redirect may go when its target comes from the request (`next=`, a form's `back`).

One check for every such target: a path on this site under the expected prefix, with nothing a
browser or a header could read otherwise — no scheme or host (`http://evil`, `//evil`), no
backslash (`/\\evil`, which browsers treat as `//`), no control character (a CR/LF would split the
`Location` header, which Werkzeug refuses with a 500). Anything else falls back to `default`.
"""
from __future__ import annotations

from urllib.parse import urlsplit


def _plain_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_redirect_target(target: object, default: str, prefix: str = "/") -> str:
    """`target` when it is a same-site path under `prefix`; otherwise `default`."""
    if isinstance(target, str) and _plain_path(target) and (
            target == prefix.rstrip("/") or target.startswith(prefix)):
        return target
    return default
