"""`make run-prod`: what production runs, on loopback — PostgreSQL, Redis, an S3-compatible object
store, two app hosts (gunicorn, each on its own port as if on two machines), one scheduler — with
the WeChat/SMS/mail sandbox standing in for the outside world.

    python -m server.dev.production [--check]

PostgreSQL: the database named by PROD_DATABASE_URL, or `expert_prod` on the local server (created
when missing, kept between runs). Redis: REDIS_URL, or database 2 of the local server. Files: moto's
S3 server in this process (in memory: uploads last as long as this run). `--check` runs the journey
through both hosts (register on one, read on the other) and exits.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import boto3
import psycopg
import redis
import requests
from moto.server import ThreadedMotoServer
from psycopg import sql
from sqlalchemy.engine import make_url

from server.dev.devserver import _dev_secrets, as_environment, config_for_sandbox

ROOT = Path(__file__).resolve().parents[2]
HOSTS = (int(os.environ.get("PORT", "5000")), int(os.environ.get("PORT_B", "5002")))
SANDBOX_PORT = int(os.environ.get("SANDBOX_PORT", "5001"))
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/expert_prod"
BUCKET = "expert-files"
S3_KEYS = {"S3_ACCESS_KEY_ID": "run-prod-local", "S3_SECRET_ACCESS_KEY": "run-prod-local"}  # moto's, local only


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database() -> str:
    url = os.environ.get("PROD_DATABASE_URL") or DEFAULT_DATABASE
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parsed.database)))
    return url


def _redis() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"
    redis.Redis.from_url(url, socket_timeout=2).ping()
    return url


def _object_store() -> tuple[ThreadedMotoServer, str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="ap-guangzhou", aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
                 aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"]).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-guangzhou"})
    return server, endpoint


def _environment(sandbox, database: str, redis_url: str, s3_endpoint: str) -> dict[str, str]:
    settings: dict[str, Any] = {
        **config_for_sandbox(sandbox), "DATABASE_URL": database, "REDIS_URL": redis_url,
        "FILES_BACKEND": "s3", "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_endpoint, **S3_KEYS,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{HOSTS[0]}",
    }
    return as_environment(settings)


def _wait_for(url: str, seconds: float = 60) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def _check(sandbox) -> None:
    """Register on host A, log in and read the application on host B."""
    a, b = (f"http://127.0.0.1:{port}/api/v1" for port in HOSTS)
    phone = f"139{int(time.time()) % 10**8:08d}"
    requests.post(f"{a}/sms-codes", json={"phone": phone, "purpose": "register"}, timeout=10).raise_for_status()
    code = sandbox.last_sms_code(phone)
    username = f"check{phone[-6:]}"
    registered = requests.post(f"{a}/accounts", timeout=10, json={
        "username": username, "password": "Check2024pw", "phone": phone, "sms_code": code})
    registered.raise_for_status()
    token = registered.json()["token"]
    read = requests.get(f"{b}/applications/current", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    read.raise_for_status()
    print(f"journey through both hosts: registered on :{HOSTS[0]}, read the draft on :{HOSTS[1]} "
          f"({read.json()['state_label']})")


def main(argv: list[str] | None = None) -> int:
    from server.sandbox import SandboxServer, SandboxSettings

    arguments = argparse.ArgumentParser(prog="python -m server.dev.production")
    arguments.add_argument("--check", action="store_true", help="run the journey through both hosts and exit")
    args = arguments.parse_args(argv)
    _dev_secrets()
    database, redis_url = _database(), _redis()
    store, s3_endpoint = _object_store()
    sandbox = SandboxServer(SandboxSettings.generate(), port=SANDBOX_PORT)
    sandbox.start()
    environment = _environment(sandbox, database, redis_url, s3_endpoint)
    sandbox.set_official_account_url(f"http://127.0.0.1:{HOSTS[0]}/wechat/official-account")
    python = sys.executable
    subprocess.run([python, "-m", "flask", "--app", "server", "db", "upgrade"], env=environment, cwd=ROOT, check=True)
    subprocess.run([python, "-m", "server.dev.demo"], env=environment, cwd=ROOT, check=True)
    processes = [subprocess.Popen([python, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "30",
                                   "server:serve()"], env=environment, cwd=ROOT) for port in HOSTS]
    processes.append(subprocess.Popen([python, "-m", "jobs"], env=environment, cwd=ROOT))
    try:
        for port in HOSTS:
            _wait_for(f"http://127.0.0.1:{port}/healthz")
        print(f"两台应用主机：http://127.0.0.1:{HOSTS[0]} 与 http://127.0.0.1:{HOSTS[1]}（同一 PostgreSQL、Redis、"
              f"对象存储）；调度进程一个；沙箱 {sandbox.base_url}sandbox/", flush=True)
        if args.check:
            _check(sandbox)
            return 0
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        stop.wait()
        return 0
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        sandbox.stop()
        store.stop()


if __name__ == "__main__":
    sys.exit(main())
