"""A load generator in its own process: many virtual users at once against one server.

Each virtual user runs one *script* (a list of calls in order, such as "save a section, then
submit") on fresh connections, as gunicorn's sync workers close each one after its response.
The parent writes the scripts to a JSON file; this process prints one JSON line of results.

    python -m bench.load SPEC.json
"""
from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Result:
    calls: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    statuses: dict[str, int]


def percentile(samples: list[float], fraction: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _request(host: str, call: dict[str, Any]) -> bytes:
    """A call is a method, a path, headers, and a `json` value or a `body` sent as it is (UTF-8)."""
    if call.get("body") is not None:
        body = call["body"].encode()
    else:
        body = json.dumps(call["json"]).encode() if call.get("json") is not None else b""
    headers = {"Host": host, "Connection": "close", "Content-Length": str(len(body))}
    if body:
        headers["Content-Type"] = "application/json"
    headers.update(call.get("headers", {}))
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"{call['method']} {call['path']} HTTP/1.1\r\n{head}\r\n".encode() + body


async def _call(host: str, port: int, call: dict[str, Any]) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(_request(f"{host}:{port}", call))
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # to the end: the worker closes the connection after the body
        return int(status_line.split()[1])
    finally:
        writer.close()


async def drive(base_url: str, scripts: list[list[dict[str, Any]]], concurrency: int) -> Result:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    queue: asyncio.Queue[list[dict[str, Any]]] = asyncio.Queue()
    for script in scripts:
        queue.put_nowait(script)
    latencies: list[float] = []
    statuses: dict[str, int] = {}

    async def user() -> None:
        while not queue.empty():
            for call in queue.get_nowait():
                started = time.perf_counter()
                try:
                    status = str(await _call(host, port, call))
                except (OSError, ValueError, IndexError) as failure:
                    status = type(failure).__name__
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    errors = sum(count for status, count in statuses.items() if not (status.isdigit() and int(status) < 400))
    return Result(calls=len(latencies), errors=errors, seconds=round(seconds, 2),
                  per_second=round(len(latencies) / seconds, 1), p50_ms=round(statistics.median(latencies), 1),
                  p99_ms=round(percentile(latencies, 0.99), 1), statuses=statuses)


def main(spec_path: str) -> None:
    with open(spec_path, encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    result = asyncio.run(drive(spec["base_url"], spec["scripts"], spec["concurrency"]))
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main(sys.argv[1])
