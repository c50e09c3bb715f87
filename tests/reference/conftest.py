"""Fixtures of the reference-data tests: catalog files made from the bundled one, batches, console."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from server.audit.services import Actor
from server.batches.services import BatchSettings, create_batch
from server.clock import BEIJING
from server.reference.catalog import bundled_catalog_path
from tests.console.conftest import console, staff  # noqa: F401  (the console's fixtures, shared)

Tree = list[dict[str, Any]]


def find(tree: Tree, code: str) -> dict[str, Any]:
    """The node with `code` in a catalog document's (or the API's) tree."""
    for node in tree:
        if node["code"] == code:
            return node
        if code.startswith(node["code"]):
            return find(node.get("children") or [], code)
    raise KeyError(code)


def rename_a0401_and_add_a040118(tree: Tree) -> None:
    """The correction the tests load: one renamed node and one added node."""
    a0401 = find(tree, "A0401")
    a0401["name"] = "建筑工程（含装配式）"
    a0401["children"].insert(17, {"code": "A040118", "name": "装配式建筑"})


@pytest.fixture
def catalog_file(tmp_path) -> Callable[..., Path]:
    """Write the bundled 2018 catalog, changed by `edit(tree)`, to a file in tmp."""

    def write(edit: Callable[[Tree], None] | None = None, name: str = "specialties.json") -> Path:
        document = json.loads(bundled_catalog_path("2018").read_text(encoding="utf-8"))
        if edit is not None:
            edit(document["tree"])
        path = tmp_path / name
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def batch_settings(name: str, opens: datetime) -> BatchSettings:
    return BatchSettings(
        name=name, registration_opens_at=opens,
        registration_closes_at=opens.replace(day=opens.day + 10),
        review_closes_at=opens.replace(day=opens.day + 11),
        payment_opens_at=opens.replace(day=opens.day + 1),
        payment_closes_at=opens.replace(day=opens.day + 12))


@pytest.fixture
def make_batch(app, clock):
    """A batch whose registration opened on `opens` (the clock stands at 2026-11-25 12:00 Beijing)."""

    def make(name: str = "2026年全区第二批", opens: datetime = datetime(2026, 11, 15, 10, 30, tzinfo=BEIJING)) -> int:
        with app.app_context():
            return create_batch(batch_settings(name, opens), Actor.system()).id

    return make
