"""Redis down: the server keeps serving — limits per process, the WeChat token fetched again and kept
in memory — and says so in /healthz. Redis "down" is a port where nothing listens."""
from __future__ import annotations

import secrets

import pytest

from server import create_app
from server.dev.devserver import config_for_sandbox
from server.extensions import db, limiter
from server.outside import wechat_client
from server.wechat.client import make_wechat_client

NOBODY = "redis://127.0.0.1:9/0"


@pytest.fixture
def without_redis(app, sandbox, database_url, tmp_path):
    broken = create_app({"TESTING": True, "SECRET_KEY": secrets.token_urlsafe(16), "SQLALCHEMY_DATABASE_URI": database_url,
                      "REDIS_URL": NOBODY, "RATELIMIT_STORAGE_URI": NOBODY, "FILES_DIR": str(tmp_path),
                      "LOGIN_PER_IP_LIMIT": "3 per minute", **config_for_sandbox(sandbox)})
    yield broken
    with broken.app_context():
        db.engine.dispose()
    limiter.init_app(app)  # Flask-Limiter keeps one storage per process: give the suite's back


def test_healthz_says_redis_is_unreachable_and_the_server_still_serves(without_redis):
    response = without_redis.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "degraded", "database": "ok", "redis": "unreachable"}


def test_rate_limits_still_hold_in_each_process(without_redis):
    client = without_redis.test_client()
    answers = [client.post("/api/v1/sessions/password", json={"login": "nobody", "password": "Wrong2024pw"}).status_code
               for _ in range(4)]
    assert answers[:3] == [422, 422, 422] and answers[3] == 429


def test_the_wechat_token_is_fetched_and_kept_in_memory_while_redis_is_down(without_redis, sandbox):
    with without_redis.app_context():
        client = wechat_client()
        token = client.access_token
        assert token and client.access_token == token  # kept: asked once
    assert len(sandbox.token_requests) == 1


def test_a_client_built_with_redis_down_works_and_uses_redis_once_it_answers(sandbox, redis_url):
    down = make_wechat_client(sandbox.settings.wechat_appid, sandbox.settings.wechat_secret,
                              api_base_url=sandbox.wechat_api_base_url, redis_url=NOBODY, timeout=1)
    assert down.access_token
    up = make_wechat_client(sandbox.settings.wechat_appid, sandbox.settings.wechat_secret,
                            api_base_url=sandbox.wechat_api_base_url, redis_url=redis_url, timeout=1)
    assert up.access_token  # a Redis that answers is used (and shared)
