"""Values a process keeps between requests, per app, under keys that name their version (a
batch's id and version, say): a change makes a new key, so nothing kept is ever stale.

Tests empty the tables between tests, and ids and versions start again: they forget everything
kept (`forget_all`) at the same time."""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app

T = TypeVar("T")

LIMIT = 64  # entries per kind: the versions of a few batches


def kept(kind: str, key: Hashable, load: Callable[[], T]) -> T:
    """The value of one kind kept under `key`, loaded the first time it is asked for (a kind's
    values are dropped when they grow past LIMIT)."""
    values: dict[Any, Any] = current_app.extensions.setdefault("kept", {}).setdefault(kind, {})
    if key not in values:
        if len(values) >= LIMIT:
            values.clear()
        values[key] = load()
    return values[key]


def forget_all(app: Flask) -> None:
    app.extensions.pop("kept", None)
