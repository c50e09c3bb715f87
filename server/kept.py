"""Values a process keeps between requests, per app, under keys that name their version (a
batch's id and version, say): a change makes a new key, so nothing kept is ever stale.

Tests empty the tables between tests, and ids and versions start again: they forget everything
kept (`forget_all`) at the same time."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app

LIMIT = 64  # entries per kind: the versions of a few batches


def kept(kind: str) -> dict[Any, Any]:
    """The app's kept values of one kind (emptied when it grows past LIMIT)."""
    values = current_app.extensions.setdefault("kept", {}).setdefault(kind, {})
    if len(values) > LIMIT:
        values.clear()
    return values


def forget_all(app: Flask) -> None:
    app.extensions.pop("kept", None)
