"""Who is asking: the client address behind the configured number of trusted proxies."""
from __future__ import annotations

from flask import request


def client_ip() -> str:
    # ProxyFix (set up in create_app from TRUSTED_PROXY_COUNT) has already rewritten remote_addr.
    return request.remote_addr or "unknown"
