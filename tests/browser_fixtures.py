"""pytest fixtures for tests in a real browser (load with pytest_plugins = ["tests.browser_fixtures"]).

`live_server`: the session's app served over real HTTP on a free loopback port, in a thread
(werkzeug's server, threaded), for the whole session; it sees the same database, config and
(time-machine) clock as the test. `browser`: one headless Debian Chromium for the session, driven
by Playwright's sync API. `page`: a fresh browser context (cookies, storage) and page per test.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

__all__ = ["browser", "live_server", "page"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# One of each even if these fixtures end up defined in several conftests (import *).
_shared: dict[str, Any] = {"server_users": 0, "browser_users": 0}


@dataclass(frozen=True)
class LiveServer:
    url: str  # http://127.0.0.1:<port>, no trailing slash


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    if "server" not in _shared:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        _shared["server"] = (server, thread, LiveServer(f"http://127.0.0.1:{server.server_port}"))
    _shared["server_users"] += 1
    try:
        yield _shared["server"][2]
    finally:
        _shared["server_users"] -= 1
        if _shared["server_users"] == 0:
            server, thread, _ = _shared.pop("server")
            server.shutdown()
            thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    _shared["browser_users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["browser_users"] -= 1
        if _shared["browser_users"] == 0:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
