"""The HTTP session wechatpy uses: a default timeout on every request, and no way out to WeChat
when a stand-in is configured.

wechatpy sends its token request (and a few hard-coded absolute URLs) with no timeout at all; a
hung WeChat would hang a worker. When `api_base_url` points at the sandbox, absolute WeChat URLs
that the base-URL settings cannot reach are rewritten too, so a dev run never calls real WeChat.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

WECHAT_HOSTS = frozenset({"api.weixin.qq.com", "file.api.weixin.qq.com", "mp.weixin.qq.com"})


def rewrite_wechat_url(url: str, base_url: str) -> str:
    """'https://api.weixin.qq.com/sns/x?y' → base_url + 'sns/x?y'; other URLs unchanged."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in WECHAT_HOSTS:
        return url
    tail = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    return base_url + tail


class WeChatHttpSession(requests.Session):
    def __init__(self, timeout: float, base_url: str | None = None) -> None:
        super().__init__()
        self.default_timeout = timeout
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        if self.base_url:
            url = rewrite_wechat_url(url, self.base_url)
        return super().request(method, url, *args, **kwargs)
