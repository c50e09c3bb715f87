"""The security headers of every response, set in one place (one `after_request` hook).

- `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` everywhere: nothing is read
  as another type, and no address (verification tokens, upload codes, ids) leaks in a Referer.
- Pages (HTML) get a Content-Security-Policy that allows only this site's own scripts, styles and
  images (no inline script or style: the console's scripts are in `static/console.js`) and
  `frame-ancestors 'none'` with `X-Frame-Options: DENY`: no other page frames the console.
- Uploaded files and PDFs shown inline may be framed by this site only (the review page shows them
  in an iframe): `frame-ancestors 'self'`, `X-Frame-Options: SAMEORIGIN`. Everything else (JSON,
  downloads) is never framed and loads nothing.
- `Cache-Control: no-store` on everything that does not say otherwise (console pages, the API,
  files, PDFs: they show personal data); static files and the reference data keep their own.
"""
from __future__ import annotations

from flask import Flask, Response, request

PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
FRAMED_DOCUMENT_POLICY = "default-src 'none'; img-src 'self'; frame-ancestors 'self'"
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"


def _shown_inline(response: Response) -> bool:
    return response.headers.get("Content-Disposition", "").startswith("inline")


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    if response.mimetype == "text/html":
        policy, frames = PAGE_POLICY, "DENY"
    elif _shown_inline(response):
        policy, frames = FRAMED_DOCUMENT_POLICY, "SAMEORIGIN"
    else:
        policy, frames = OTHER_POLICY, "DENY"
    headers["Content-Security-Policy"] = policy
    headers["X-Frame-Options"] = frames
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_security_headers(app: Flask) -> None:
    app.after_request(security_headers)
