"""`make bench`: what people wait for on deadline day, measured from outside under gunicorn.

For each database (SQLite, then PostgreSQL) it prepares applicants with complete drafts and a
review queue, starts the real server under gunicorn (BENCH_WORKERS sync workers, default: one per
core) and drives it from a separate load process. Every figure stands beside the ceiling of the
same server in the same run: a constant JSON answer for reads, a one-row insert for writes.
It prints the table and writes it to build/bench.json. `make test` does not run it.

    make bench                      # both databases
    BENCH_DATABASES=sqlite make bench
    BENCH_APPLICANTS=500 BENCH_QUEUE_SIZE=2000 make bench   # a quicker, smaller run
    BENCH_ONLY=fanout,burst make bench    # only the named parts (see PARTS)
    BENCH_PAYERS=200 BENCH_ONLY=burst make bench   # a smaller burst of payment notifications
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
import requests

from bench import wrk
from bench.burst import burst
from bench.data import Prepared, more_drafts, prepare
from bench.fanout import fan_out
from bench.servers import ROOT, Server, gunicorn, load, load_at_once
from server import create_app

APPLICANTS = int(os.environ.get("BENCH_APPLICANTS", "2000"))
QUEUE_SIZE = int(os.environ.get("BENCH_QUEUE_SIZE", "10000"))
WORKERS = int(os.environ.get("BENCH_WORKERS") or os.cpu_count() or 2)
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")  # as production runs: shared views
PARTS = ("reads", "surge", "queue", "hosts", "fanout", "burst")  # surge: the save-and-submit rush, then the sheets it made
ONLY = [part for part in os.environ.get("BENCH_ONLY", ",".join(PARTS)).split(",") if part]
assert set(ONLY) <= set(PARTS), f"BENCH_ONLY names parts of {PARTS}"
PAYERS = int(os.environ.get("BENCH_PAYERS", "1000"))  # the burst's orders, each notified twice
HOST_SURGE = int(os.environ.get("BENCH_HOST_SURGE", "1000"))  # applicants of the surge through both hosts
HOST_ROUNDS = 3  # of one host alone, then two at once
CURRENT = "/api/v1/applications/current"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _status_reads(tokens: list[str], count: int) -> list[list[dict[str, Any]]]:
    readers = tokens[:500]
    return [[{"method": "GET", "path": CURRENT, "headers": _bearer(readers[n % len(readers)])}] for n in range(count)]


def two_hosts(settings: dict[str, Any], workdir: str, prepared: Prepared) -> dict[str, Any]:
    """Each host pinned to its own core (taskset), with the wrk that loads it: the status read on
    one host alone, then on both at once; then a surge of applicants of their own through both
    hosts at once. Unpinned, wrk would have the second core to itself while one host runs alone
    and share the hosts' cores when both do: the ratio would weigh the load generator too."""
    tokens, surging = prepared.tokens, more_drafts(prepared, HOST_SURGE)
    log = Path(workdir) / "hosts.log"
    with gunicorn(settings, 1, log, cpus="0") as a, gunicorn(settings, 1, log, cpus="1") as b:
        load(a, _status_reads(tokens, 500), 16)
        load(b, _status_reads(tokens, 500), 16)  # each host's first reads
        on_a, on_b = wrk.Reads(a, CURRENT, tokens[:500], 32, "0"), wrk.Reads(b, CURRENT, tokens[:500], 32, "1")
        rounds = [_alone_and_both(on_a, on_b) for _ in range(HOST_ROUNDS)]
        half = len(surging) // 2
        rush = load_at_once([(a, _surge_scripts(surging[:half]), 32), (b, _surge_scripts(surging[half:]), 32)])
    middle = sorted(rounds, key=lambda round_: round_["ratio"])[len(rounds) // 2]
    return {**middle, "ratios": [round_["ratio"] for round_ in rounds],
            "errors": sum(run["errors"] for round_ in rounds for run in round_["two hosts"]),
            "surge": rush, "surge errors": sum(run["errors"] for run in rush), "surge pairs": len(surging)}


def _alone_and_both(on_a: wrk.Reads, on_b: wrk.Reads) -> dict[str, Any]:
    """One round: host a alone, then both hosts at once. A host of one sync worker waits on the
    database between statements, so one round's figures move by a fifth: the middle of
    HOST_ROUNDS rounds is reported."""
    alone = wrk.reads_at_once([on_a])[0]
    both = wrk.reads_at_once([on_a, on_b])
    return {"one host": alone, "two hosts": both,
            "ratio": round(sum(run["per_second"] for run in both) / alone["per_second"], 2)}


def reads(server: Server, tokens: list[str]) -> dict[str, Any]:
    """The read every applicant repeats: each reader's first read renders their view (shared by
    the workers through Redis), the measured ones are the repeats."""
    first = load(server, _status_reads(tokens, min(500, len(tokens))), 32)
    bare = wrk.reads(server, "/bench/bare", [], 32)
    status = wrk.reads(server, CURRENT, tokens[:500], 32)
    return {"bare read": bare, "first read": first, "status read": status}


def _surge_scripts(tokens: list[str]) -> list[list[dict[str, Any]]]:
    return [[{"method": "PUT", "path": f"{CURRENT}/basic", "headers": _bearer(token),
              "json": {"school": "新疆大学", "major": "土木工程"}},
             {"method": "POST", "path": f"{CURRENT}/submit", "headers": _bearer(token)}] for token in tokens]


def surge(server: Server, tokens: list[str]) -> dict[str, Any]:
    bare = load(server, [[{"method": "POST", "path": "/bench/insert"}]] * (2 * len(tokens)), 64)
    return {"bare insert": bare, "surge": load(server, _surge_scripts(tokens), 64)}


def _timed(call) -> tuple[float, requests.Response]:
    started = time.perf_counter()
    response = call()
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return (time.perf_counter() - started) * 1000, response


def sheets(server: Server, tokens: list[str]) -> dict[str, Any]:
    """Review-sheet PDFs of submitted applicants: the first download renders, the next ones read.
    The repeats are timed by wrk on one connection, beside the bare endpoint timed the same way:
    `requests` alone takes ~2 ms of a client's CPU per call, more than the server's own part."""
    url = f"{server.base_url}{CURRENT}/review-sheet.pdf"
    first = [_timed(lambda t=token: requests.get(url, headers=_bearer(t), timeout=60)) for token in tokens[:10]]
    repeat = wrk.reads(server, f"{CURRENT}/review-sheet.pdf", tokens[:1], 1)
    bare = wrk.reads(server, "/bench/bare", [], 1)
    assert repeat["errors"] == 0, repeat
    return {"first_ms": round(statistics.median(ms for ms, _ in first), 1), "repeat_ms": repeat["p50_ms"],
            "bare_ms": bare["p50_ms"], "size_kb": round(max(len(response.content) for _, response in first) / 1024, 1)}


def queue_page(server: Server, reviewer: tuple[str, str]) -> float:
    session = requests.Session()
    page = session.get(f"{server.base_url}/console/login", timeout=30).text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    login = session.post(f"{server.base_url}/console/login", timeout=30, allow_redirects=False,
                         data={"csrf_token": token, "username": reviewer[0], "password": reviewer[1]})
    assert login.status_code == 302, login.text[:300]
    url = f"{server.base_url}/console/review?name=申报人&page=7"
    _timed(lambda: session.get(url, timeout=30))
    return round(statistics.median(_timed(lambda: session.get(url, timeout=30))[0] for _ in range(20)), 1)


@contextmanager
def database(kind: str, workdir: str) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir}/bench.db"
        return
    sys.path.insert(0, str(ROOT / "scripts"))
    from with_postgres import fresh_database

    with fresh_database("expert_bench") as url:
        yield url


def run(kind: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as workdir, database(kind, workdir) as url:
        settings = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(32),
                    "ID_NUMBER_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
                    "FILES_DIR": f"{workdir}/files", "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
                    "REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": f"bench-{secrets.token_hex(4)}"}
        started = time.monotonic()
        prepared = prepare(create_app({**settings, "SQLALCHEMY_DATABASE_URI": url}), APPLICANTS, QUEUE_SIZE)
        print(f"  {kind}: {APPLICANTS} drafts and a queue of {QUEUE_SIZE} prepared in "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr)
        figures: dict[str, Any] = {"workers": WORKERS}
        if {"reads", "surge", "queue"} & set(ONLY):
            with gunicorn(settings, WORKERS, Path(workdir) / "gunicorn.log") as server:
                figures.update(_on_one_server(server, prepared))
        if "hosts" in ONLY:
            figures["two hosts"] = two_hosts(settings, workdir, prepared)
        if "fanout" in ONLY:
            figures["notice fan-out"] = fan_out(settings, prepared.batch_id)
        if "burst" in ONLY:  # after the fan-out: its approvals queue messages the fan-out would send
            figures["notification burst"] = burst(settings, prepared.journey, PAYERS, WORKERS,
                                                  Path(workdir) / "burst.log")
        shared = redis.Redis.from_url(REDIS_URL)
        for name in shared.scan_iter(f"{settings['REDIS_KEY_PREFIX']}:*"):
            shared.delete(name)
        return figures


def _on_one_server(server: Server, prepared: Prepared) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if "reads" in ONLY:
        figures.update(reads(server, prepared.tokens))
    if "surge" in ONLY:
        figures.update(surge(server, prepared.tokens))
        figures["review sheet PDF"] = sheets(server, prepared.tokens)
    if "queue" in ONLY:
        figures["queue page ms"] = queue_page(server, prepared.reviewer)
    figures["worker RSS MB"] = server.worker_rss_mb()
    return figures


def _read_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    bare_read, status, first = figures["bare read"], figures["status read"], figures["first read"]
    read_ratio = status["per_second"] / bare_read["per_second"]
    return [
        ("first read of each applicant, 32 conn.", f"{first['per_second']:.0f} r/s; p99 {first['p99_ms']:.0f} ms; "
         f"errors {first['errors']}", "(renders the view)"),
        ("status read, 32 connections", f"{status['per_second']:.0f} r/s = {read_ratio:.2f} × bare "
         f"({bare_read['per_second']:.0f} r/s); p99 {status['p99_ms']:.0f} ms; errors {status['errors']}",
         "≥ 0.5 × bare, p99 < 50 ms")]


def _surge_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    bare_insert, rush, pdf = figures["bare insert"], figures["surge"], figures["review sheet PDF"]
    write_ratio = rush["per_second"] / bare_insert["per_second"]
    return [
        (f"surge: {APPLICANTS} × (save + submit), 64 conn.",
         f"{rush['seconds']:.1f} s; {rush['per_second']:.0f} r/s = {write_ratio:.2f} × bare insert "
         f"({bare_insert['per_second']:.0f} r/s); p99 {rush['p99_ms']:.0f} ms; errors {rush['errors']}",
         "0 errors, ≥ 0.3 × bare insert, < 60 s, p99 < 300 ms"),
        ("review-sheet PDF with photo", f"first {pdf['first_ms']:.0f} ms, {pdf['size_kb']:.0f} KB; "
         f"repeat {pdf['repeat_ms']:.1f} ms (bare read {pdf['bare_ms']:.1f} ms; median, one connection)",
         "< 100 ms, < 300 KB; repeat < 5 ms")]


def _queue_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f"console queue page, {QUEUE_SIZE} applications", f"{figures['queue page ms']:.0f} ms", "< 50 ms")]


def _rss_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [("worker RSS after surge, PDFs and queue", f"{figures['worker RSS MB']:.0f} MB", "< 150 MB")]


def _hosts_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    hosts = figures["two hosts"]
    rush = hosts["surge"]
    return [("status read, two hosts on a core each", f"{hosts['ratio']:.2f} × one host "
             f"({hosts['one host']['per_second']:.0f} r/s; rounds {', '.join(map(str, hosts['ratios']))}); "
             f"errors {hosts['errors']}", "≥ 1.6 × one host"),
            (f"surge through both hosts: {hosts['surge pairs']} × (save + submit)",
             f"{max(run['seconds'] for run in rush):.1f} s; "
             f"{sum(run['per_second'] for run in rush):.0f} r/s; p99 {max(run['p99_ms'] for run in rush):.0f} ms; "
             f"errors {hosts['surge errors']}", "0 errors")]


def _fanout_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    fan = figures["notice fan-out"]
    return [(f"notice to {fan['recipients']} applicants", f"queued in {fan['queue_seconds']:.1f} s "
             f"({fan['queue_statements']} statements); {fan['delivered']} delivered in {fan['deliver_seconds']:.0f} s "
             f"(the sandbox received {fan['sandbox_sms']} SMS)",
             "queued < 5 s in batches ≥ 500; delivered < 60 s")]


def _burst_rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    notified = figures["notification burst"]
    return [(f"{notified['orders']} payment notifications + a copy each, {notified['connections']} conn.",
             f"{notified['seconds']:.1f} s; {notified['per_second']:.0f} r/s; p99 {notified['p99_ms']:.0f} ms; "
             f"errors {notified['errors']}; transitions {notified['transitions']} (paid {notified['paid']}, "
             f"payments {notified['payments']})",
             f"0 errors, exactly {notified['orders']} transitions, p99 < 300 ms")]


# Each part of the table, by the figure it needs (a part not run has none).
ROWS = (("status read", _read_rows), ("surge", _surge_rows), ("queue page ms", _queue_rows),
        ("worker RSS MB", _rss_rows), ("two hosts", _hosts_rows), ("notice fan-out", _fanout_rows),
        ("notification burst", _burst_rows))


def table(kind: str, figures: dict[str, Any]) -> list[str]:
    rows = [row for needed, rows_of in ROWS if needed in figures for row in rows_of(figures)]
    lines = [f"\n{kind}, gunicorn with {figures['workers']} sync workers, {os.cpu_count()} cores:"]
    lines += [f"  {name:<44} {value:<95} target {target}" for name, value, target in rows]
    return lines


def main() -> None:
    results = {}
    for kind in DATABASES:
        results[kind] = run(kind)
        print("\n".join(table(kind, results[kind])), flush=True)
    output = ROOT / "build" / "bench.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"\nwritten to {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
