"""Fixtures of the reference-data tests: catalog files made from the bundled one, batches, console."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from server.accounts.actors import Actor
from server.batches.services import BatchSettings, create_batch
from server.clock import BEIJING
from server.reference.catalog import bundled_catalog_path
from tests.reference.catalog_files import Tree


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
