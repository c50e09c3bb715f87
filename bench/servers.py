"""Gunicorn started for a benchmark run, as production starts it, what its workers weigh, and the
load process (bench/load.py) driven against it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from server.dev.devserver import as_environment
from tests.fixtures.ports import free_port

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Server:
    base_url: str
    master: subprocess.Popen

    def worker_pids(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.master.pid)], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def worker_rss_mb(self) -> float:
        """The largest worker's resident memory."""
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))))
        return round(max(sizes) / 1024, 1) if sizes else 0.0



@contextmanager
def gunicorn(settings: dict[str, object], workers: int, log_path: Path, cpus: str | None = None) -> Iterator[Server]:
    """`workers` sync workers on a free loopback port (pinned to `cpus` with taskset when given)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--backlog", "2048", "--timeout", "120", "bench.app:create()"]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    with log_path.open("ab") as log:
        master = subprocess.Popen(command, cwd=ROOT, env=as_environment(settings), stdout=log, stderr=log)
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base_url}/bench/bare", master, log_path)
            yield Server(base_url, master)
        finally:
            master.terminate()
            master.wait(timeout=60)


def _wait_for(url: str, master: subprocess.Popen, log_path: Path, seconds: float = 90) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if master.poll() is not None:
            raise SystemExit(f"gunicorn exited with {master.returncode} before answering {url}:\n"
                             f"{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def load(server: Server, scripts: list[list[dict[str, Any]]], concurrency: int) -> dict[str, Any]:
    """Run the scripts from a separate process (its CPU is not the server's bookkeeping)."""
    return load_at_once([(server, scripts, concurrency)])[0]


def load_at_once(runs: list[tuple[Server, list[list[dict[str, Any]]], int]]) -> list[dict[str, Any]]:
    """One load process per run, all at the same time; their results in order."""
    specs, processes = [], []
    for server, scripts, concurrency in runs:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as spec:
            json.dump({"base_url": server.base_url, "scripts": scripts, "concurrency": concurrency}, spec)
        specs.append(spec.name)
        processes.append(subprocess.Popen([sys.executable, "-m", "bench.load", spec.name], cwd=ROOT,
                                          stdout=subprocess.PIPE, text=True))
    try:
        outputs = [process.communicate()[0] for process in processes]
    finally:
        for name in specs:
            os.unlink(name)
    assert all(process.returncode == 0 for process in processes), "a load process failed"
    return [json.loads(output) for output in outputs]
