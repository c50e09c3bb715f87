"""Two app hosts agree on everything a worker must not decide alone: the per-IP limits, the login
lockout and the SMS-code budget (the WeChat access token: tests/wechat/test_client.py). Real gunicorn processes on two ports, the
same database and Redis (under this test's own key prefix), the sandbox for WeChat and SMS."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import func, select

from server.accounts.actors import Actor
from server.batches.services import BatchSettings, create_batch
from server.dev.demo import demo_batch_name, seed_windows_shifted_to_today
from server.dev.devserver import as_environment, config_for_sandbox
from server.extensions import db
from server.files.models import StoredFile
from tests.fixtures import samples
from tests.fixtures.forms import VALID_ID
from tests.fixtures.ports import free_port

START_DEADLINE = 60.0



def _up(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def hosts(app, database_url, sandbox, redis_url, tmp_path_factory) -> Iterator[tuple]:
    """Two gunicorn hosts for the module (they take seconds to start): their URLs, Redis key prefix,
    master processes and files directory."""
    prefix = f"test-two-hosts-{os.getpid()}"
    settings = {**config_for_sandbox(sandbox), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
                "REDIS_KEY_PREFIX": prefix, "FILES_DIR": str(tmp_path_factory.mktemp("two-hosts")),
                "SECRET_KEY": "two-hosts-test",
                "ID_NUMBER_KEY": app.config["ID_NUMBER_KEY"], "LOGIN_PER_IP_LIMIT": "6 per minute"}
    environment = as_environment(settings)
    ports = (free_port(), free_port())
    log = tmp_path_factory.mktemp("two-hosts-log") / "gunicorn.log"
    with log.open("wb") as output:
        processes = [subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                       "server:serve()"], env=environment, stdout=output,
                                      stderr=subprocess.STDOUT) for port in ports]
    bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
    try:
        ends = time.monotonic() + START_DEADLINE
        while not all(_up(f"{base}/healthz") for base in bases):
            exited = [process.returncode for process in processes if process.poll() is not None]
            assert not exited and time.monotonic() < ends, f"the two hosts did not come up:\n{log.read_text()[-3000:]}"
            time.sleep(0.1)  # waiting for the processes to listen
        yield bases, prefix, [process.pid for process in processes], settings["FILES_DIR"]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.fixture
def two_hosts(hosts, app, redis_url) -> Iterator[tuple[str, str]]:
    """The hosts, with this test's limits forgotten afterwards (the database is emptied anyway).
    No frozen clock here: the hosts and the sandbox's signature checks live in real time."""
    with app.app_context():
        create_batch(BatchSettings(name=demo_batch_name(), **seed_windows_shifted_to_today()), Actor.system())
    bases, prefix, _masters, _files = hosts
    yield bases
    connection = redis.Redis.from_url(redis_url)
    keys = list(connection.scan_iter(match=f"*{prefix}*"))  # the limits library puts its own prefix first
    if keys:
        connection.delete(*keys)
    connection.close()


def api(base: str, path: str, **body) -> requests.Response:
    return requests.post(f"{base}/api/v1{path}", json=body, timeout=10)


def register(base: str, sandbox, username: str, phone: str) -> str:
    assert api(base, "/sms-codes", phone=phone, purpose="register").status_code == 202
    answer = api(base, "/accounts", username=username, password="Passw0rd2024", phone=phone,
                 sms_code=sandbox.last_sms_code(phone))
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]


def test_the_sms_budget_holds_across_hosts(two_hosts, sandbox):
    a, b = two_hosts
    assert api(a, "/sms-codes", phone="13800138000", purpose="register").status_code == 202
    again = api(b, "/sms-codes", phone="13800138000", purpose="register")
    assert again.status_code == 429 and "秒后再试" in again.json()["message"]


def test_the_lockout_holds_across_hosts(two_hosts, sandbox):
    a, b = two_hosts
    register(a, sandbox, "zhang_san", "13800138000")
    answers = [api(host, "/sessions/password", login="zhang_san", password="Wrong2024pw").status_code
               for host in (a, b, a, b, a)]
    assert answers == [422, 422, 422, 422, 423]
    locked = api(b, "/sessions/password", login="zhang_san", password="Passw0rd2024")
    assert locked.status_code == 423 and "账号已锁定" in locked.json()["message"]


def test_the_per_ip_limit_holds_across_hosts(two_hosts):
    a, b = two_hosts
    answers = [api(host, "/sessions/password", login="nobody", password="Wrong2024pw").status_code
               for host in (a, b) * 4]
    assert answers[:6] == [422] * 6 and answers[6:] == [429, 429]


def test_an_application_saved_on_one_host_is_read_on_the_other(two_hosts, sandbox):
    a, b = two_hosts
    token = register(a, sandbox, "zhang_san", "13800138000")
    headers = {"Authorization": f"Bearer {token}"}
    saved = requests.put(f"{a}/api/v1/applications/current/basic", headers=headers, timeout=10,
                         json={"name": "张三", "id_number": VALID_ID})
    assert saved.status_code == 200 and not saved.json()["field_problems"]
    read = requests.get(f"{b}/api/v1/applications/current", headers=headers, timeout=10)
    assert read.json()["basic"]["name"] == "张三"


def _partial_upload(base: str, token: str) -> socket.socket:
    """An upload that announces 2 MB and sends a tenth of it, then stalls."""
    port = int(base.rsplit(":", 1)[1])
    boundary = "x-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\neducation_proof\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n").encode()
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall((f"POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                        f"Content-Length: {2 * 1024 * 1024}\r\n\r\n").encode() + head + b"%PDF-1.4 " + b"0" * 200_000)
    return connection


def _stored(files_dir: str) -> list[Path]:
    return [path for path in Path(files_dir).rglob("*") if path.is_file()]


def test_an_upload_cut_off_by_the_client_or_a_killed_worker_leaves_nothing(two_hosts, hosts, sandbox, app):
    a, _b = two_hosts
    _bases, _prefix, masters, files_dir = hosts
    token = register(a, sandbox, "zhang_san", "13800138000")
    _partial_upload(a, token).close()  # the client goes away mid-body
    worker = int(subprocess.run(["pgrep", "-P", str(masters[0])], capture_output=True, text=True).stdout.split()[0])
    stalled = _partial_upload(a, token)
    os.kill(worker, signal.SIGKILL)  # the worker dies mid-upload
    stalled.close()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert _stored(files_dir) == []
    ends = time.monotonic() + START_DEADLINE
    while not _up(f"{a}/healthz"):  # the master starts a new worker
        assert time.monotonic() < ends
        time.sleep(0.1)
    done = requests.post(f"{a}/api/v1/files", headers={"Authorization": f"Bearer {token}"}, timeout=30,
                         data={"kind": "education_proof"}, files={"file": ("a.pdf", samples.pdf(), "application/pdf")})
    assert done.status_code == 201 and len(_stored(files_dir)) == 1
