"""Run a command against a fresh PostgreSQL database, dropped afterwards.

Used by `make test`: the database server is the one at TEST_DATABASE_URL (default: the local one);
when none answers, a throwaway server is started from the machine's PostgreSQL binaries, so the
PostgreSQL run never silently turns into no run.

    python scripts/with_postgres.py -- pytest -q
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _pg_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        sys.exit(f"no PostgreSQL reachable and no '{name}' binary to start one: install postgresql")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _throwaway_server() -> Iterator[str]:
    """initdb + pg_ctl in a temp dir; run as the 'postgres' user when we are root."""
    workdir = Path(tempfile.mkdtemp(prefix="pg-throwaway-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = workdir / "data"
    subprocess.run([*as_user, _pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-w", "-l", str(workdir / "log"),
                    "-o", f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def _server() -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL
    if _reachable(url):
        yield url
        return
    print(f"PostgreSQL at {url} does not answer: starting a throwaway server", file=sys.stderr)
    with _throwaway_server() as throwaway:
        yield throwaway


@contextmanager
def fresh_database(prefix: str = "expert_test") -> Iterator[str]:
    """A new, empty database on the local (or a throwaway) server: its SQLAlchemy URL; dropped after."""
    with _server() as admin_url:
        name = f"{prefix}_{secrets.token_hex(4)}"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield (make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
                   .render_as_string(hide_password=False))
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    with fresh_database() as url:
        print(f"PostgreSQL test database: {make_url(url).database}", file=sys.stderr)
        started = time.monotonic()
        result = subprocess.run(command, env={**os.environ, "TEST_DATABASE_URL": url})
        print(f"PostgreSQL run took {time.monotonic() - started:.0f}s", file=sys.stderr)
        return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
