"""Shared fixtures: the app on a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is
set), migrated from empty by Alembic, emptied after every test; the sandbox on a loopback port."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from server import create_app
from server.devserver import config_for_sandbox
from server.extensions import db, limiter

pytest_plugins = ["tests.sandbox_fixtures", "tests.browser_fixtures"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    import os

    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url, sandbox, tmp_path_factory) -> Iterator[Flask]:
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "FILES_DIR": str(tmp_path_factory.mktemp("files")),  # each test gets its own: files_dir
        **config_for_sandbox(sandbox),
    })
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_database(request) -> Iterator[None]:
    """Every test starts from empty tables and fresh rate limits."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
        limiter.reset()


@pytest.fixture(autouse=True)
def files_dir(request, tmp_path) -> Iterator[Path]:
    """Each test's blobs go to its own directory."""
    root = tmp_path / "files"
    if "app" not in request.fixturenames:
        yield root
        return
    app = request.getfixturevalue("app")
    previous = app.config["FILES_DIR"]
    app.config["FILES_DIR"] = str(root)
    yield root
    app.config["FILES_DIR"] = previous


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_context(app) -> Iterator[None]:
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def clock():
    """A frozen clock the test moves (`clock.shift(seconds)`); starts inside the demo batch's year."""
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc), tick=False) as traveller:
        yield traveller
