"""wechatpy's WeChatClient, fixed where it fails a multi-process server.

wechatpy keeps the access token's expiry in the process that fetched it, refreshes without a lock,
retries errcode 40001/42001 without bound (RecursionError against a server that keeps answering
40001), sends requests without a timeout and fetches the token from a hard-coded URL. This subclass
keeps wechatpy's own request, token-fetch and API code, and changes only those points.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import redis
import requests
from wechatpy.client import WeChatClient as _WechatpyClient
from wechatpy.client.api.base import BaseWeChatAPI
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

from server.http_sessions import PerThreadSession
from server.wechat import log_redaction
from server.wechat.http import WeChatHttpSession, rewrite_wechat_url
from server.wechat.resilient import FallbackLock, FallbackStorage
from server.wechat.token_lock import LocalTokenLock, RedisTokenLock, TokenLock

logger = logging.getLogger(__name__)
log_redaction.install()

WECHAT_API_BASE_URL = "https://api.weixin.qq.com/"
# 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired.
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
# Refresh this long before WeChat's stated expiry, so a request never races the deadline.
REFRESH_MARGIN_SECONDS = 120
# Endpoints authenticated by appid+secret, not by access_token (wechatpy sends one anyway).
TOKENLESS_ENDPOINTS = ("sns/jscode2session",)


class SharedTokenWeChatClient(_WechatpyClient):
    """A WeChatClient whose token (and its expiry) lives in shared storage, refreshed under a lock,
    with at most one retry after the server rejects a token."""

    def __init__(self, appid: str, secret: str, *, storage: Any, token_lock: TokenLock,
                 timeout: float, api_base_url: str | None = None) -> None:
        super().__init__(appid, secret, session=storage, timeout=timeout, auto_retry=False)
        base = (api_base_url or WECHAT_API_BASE_URL).rstrip("/") + "/"
        self._stand_in = base if api_base_url else None
        # wechatpy calls `self._http` as its session: one per thread (the sender's threads share the client).
        self._http = PerThreadSession(lambda: WeChatHttpSession(timeout, self._stand_in))
        self._token_lock = token_lock
        if api_base_url:
            self._point_at(base)

    def __repr__(self) -> str:  # never the secret
        return f"SharedTokenWeChatClient(appid={self.appid!r}, base={self.API_BASE_URL!r})"

    def _point_at(self, base: str) -> None:
        """Aim the client and every API object (wxa, message, qrcode, ...) at `base`."""
        self.API_BASE_URL = rewrite_wechat_url(type(self).API_BASE_URL, base)
        # vars(), not inspect.getmembers(): that would read the access_token property (a fetch).
        for api in [value for value in vars(self).values() if isinstance(value, BaseWeChatAPI)]:
            own = getattr(type(api), "API_BASE_URL", None)
            if own:
                api.API_BASE_URL = rewrite_wechat_url(own, base)

    def wechat_url(self, url: str) -> str:
        """An absolute WeChat URL (say, showqrcode's) as this client reaches it: on the stand-in
        when one is configured, unchanged otherwise."""
        return rewrite_wechat_url(url, self._stand_in) if self._stand_in else url

    def download(self, url: str) -> requests.Response:
        """GET an absolute WeChat URL through the client's session (its timeout, its stand-in):
        wechatpy's own `qrcode.show` uses a bare `requests.get` with neither."""
        return self._http.get(url)

    # -- the access token, shared ------------------------------------------------------------

    @property
    def access_token_expires_key(self) -> str:
        return f"{self.appid}_access_token_expires_at"

    def fetch_access_token(self) -> dict[str, Any]:
        """wechatpy's own token request, sent to the configured base URL; expiry stored beside it."""
        result = self._fetch_access_token(
            url=self.API_BASE_URL + "token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret})
        expires_in = int(result.get("expires_in", 7200))
        self.session.set(self.access_token_expires_key, int(time.time()) + expires_in, expires_in)
        logger.info("WeChat access_token refreshed for appid %s", self.appid)
        return result

    def _stored_fresh_token(self) -> str | None:
        token = self.session.get(self.access_token_key)
        expires_at = self.session.get(self.access_token_expires_key)
        if token and expires_at and expires_at - time.time() > REFRESH_MARGIN_SECONDS:
            return token
        return None

    def refresh_access_token(self, rejected: str | None = None) -> str:
        """Get a fresh token; under the lock, take one another process fetched meanwhile, unless it
        is the very token the server just `rejected`."""
        with self._token_lock.hold():
            token = self._stored_fresh_token()
            if token is not None and token != rejected:
                return token
            self.fetch_access_token()
            return self.session.get(self.access_token_key)

    @property
    def access_token(self) -> str:
        return self._stored_fresh_token() or self.refresh_access_token()

    # -- requests: token-less endpoints, bounded retry --------------------------------------

    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any) -> Any:
        tokenless = url_or_endpoint.split("?")[0].endswith(TOKENLESS_ENDPOINTS)
        if tokenless:
            params = dict(kwargs.get("params") or {})
            params.setdefault("access_token", None)  # wechatpy then adds none; requests drops None
            kwargs["params"] = params
        attempt = _fresh_kwargs(kwargs)
        try:
            return super()._request(method, url_or_endpoint, **attempt)
        except WeChatClientException as error:
            if tokenless or error.errcode not in TOKEN_ERRCODES:
                raise
            rejected = (attempt.get("params") or {}).get("access_token")
            logger.info("WeChat rejected the access_token (errcode %s); refreshing and retrying once",
                        error.errcode)
        self.refresh_access_token(rejected=rejected)
        return super()._request(method, url_or_endpoint, **_fresh_kwargs(kwargs))


def _fresh_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Each attempt gets a params dict of its own: wechatpy writes the access_token it sends into
    that dict, which is how the retry learns which token the server rejected."""
    fresh = dict(kwargs)
    if fresh.get("params") is None or isinstance(fresh["params"], dict):
        fresh["params"] = dict(fresh.get("params") or {})
    return fresh


def make_wechat_client(appid: str, secret: str, *, api_base_url: str | None,
                       redis_url: str | None, timeout: float,
                       redis_key_prefix: str = "wechat") -> SharedTokenWeChatClient:
    """The app's WeChat client: real WeChat unless `api_base_url` names a stand-in (the sandbox).

    With `redis_url`, the token and its expiry live in Redis (wechatpy's RedisStorage) and refresh
    under a Redis lock, so every worker on every host shares one token. Without it, memory storage
    and a thread lock: fine for one process. Build one client per process and keep it.
    """
    if redis_url:
        connection = redis.Redis.from_url(redis_url, socket_timeout=timeout,
                                          socket_connect_timeout=timeout)
        storage: Any = FallbackStorage(RedisStorage(connection, prefix=redis_key_prefix))
        lock: TokenLock = FallbackLock(RedisTokenLock(
            connection, f"{redis_key_prefix}:{appid}_access_token_lock", request_timeout=timeout), storage)
    else:
        storage, lock = MemoryStorage(), LocalTokenLock()
    return SharedTokenWeChatClient(appid, secret, storage=storage, token_lock=lock, timeout=timeout,
                                   api_base_url=api_base_url)
