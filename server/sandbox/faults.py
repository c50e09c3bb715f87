"""Faults on demand: fail, delay or garble the next N requests to a path.

Delays wait on an event, not a bare sleep, so stopping or resetting the sandbox releases them at
once instead of leaving server threads asleep after a test has moved on.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from flask import Response, jsonify

GARBAGE = "<html><body><h1>502 Bad Gateway</h1>请稍后再试</body></html>".encode()


@dataclass
class Fault:
    remaining: int
    status: int = 500
    body: dict[str, Any] | None = None
    delay_seconds: float = 0.0
    garbage: bytes | None = None  # answered as it is: a reply that is not the protocol
    drop: bool = False  # after the delay, the request is dropped unhandled (a 504), not answered
    content_type: str = "text/plain"


class FaultPlan:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, list[Fault]] = {}
        self._release = threading.Event()

    def fail_next(self, path: str, times: int = 1, *, status: int = 500,
                  body: dict[str, Any] | None = None) -> None:
        """The next `times` requests to `path` get `status` (and `body` as JSON, if given)."""
        self._add(path, Fault(remaining=times, status=status, body=body))

    def delay_next(self, path: str, seconds: float, times: int = 1) -> None:
        """The next `times` requests to `path` are answered normally, `seconds` late."""
        self._add(path, Fault(remaining=times, delay_seconds=seconds))

    def hang_next(self, path: str, times: int = 1, seconds: float = 60.0) -> None:
        """The next `times` requests to `path` hang (until `seconds` pass or the plan is cleared)
        and are then dropped with a gateway's 504, never handled: WeChat did not get them."""
        self._add(path, Fault(remaining=times, delay_seconds=seconds, drop=True))

    def garbage_next(self, path: str, times: int = 1, *, body: bytes = GARBAGE, status: int = 200,
                     content_type: str = "text/html; charset=utf-8") -> None:
        """The next `times` requests to `path` get `body` as it is: by default a proxy's HTML
        page with a 200, as a broken gateway or captive portal in front of WeChat answers."""
        self._add(path, Fault(remaining=times, status=status, garbage=body, content_type=content_type))

    def _add(self, path: str, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.setdefault(_normal(path), []).append(fault)

    def clear(self) -> None:
        """Drop planned faults and wake any request being delayed."""
        with self._lock:
            self._faults.clear()
            released, self._release = self._release, threading.Event()
        released.set()

    def take(self, path: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(_normal(path))
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining == 0:
                queue.pop(0)
            return fault

    def apply(self, path: str) -> Response | None:
        """Run in before_request: a failure response, or None to carry on (perhaps after a delay)."""
        fault = self.take(path)
        if fault is None:
            return None
        if fault.delay_seconds:
            with self._lock:
                release = self._release
            release.wait(fault.delay_seconds)
            if fault.drop:
                return Response("sandbox: dropped without an answer", status=504, mimetype="text/plain")
            return None
        if fault.garbage is not None:
            return Response(fault.garbage, status=fault.status, content_type=fault.content_type)
        if fault.body is not None:
            response = jsonify(fault.body)
            response.status_code = fault.status
            return response
        return Response("sandbox: injected failure", status=fault.status, mimetype="text/plain")

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {path: [{**vars(fault), "garbage": _shown(fault.garbage)} for fault in queue]
                    for path, queue in self._faults.items() if queue}


def _shown(garbage: bytes | None) -> str | None:
    return None if garbage is None else garbage.decode("utf-8", "replace")


def _normal(path: str) -> str:
    return "/" + path.strip("/") if path.strip("/") else "/"
