"""Fixtures for the application specs: an open batch and a logged-in applicant."""
from __future__ import annotations

import pytest

from server.audit.services import Actor
from server.batches.services import BatchSettings, create_batch
from server.demo import DEMO_BATCH_NAME, seed_windows_shifted_to_today
from tests.accounts.conftest import bearer, register, send_code  # noqa: F401  (fixtures)


@pytest.fixture
def batch(app, clock):
    """The seed's batch, registration open (the clock stands at 2026-11-25 12:00 Beijing time)."""
    with app.app_context():
        return create_batch(BatchSettings(name=DEMO_BATCH_NAME, **seed_windows_shifted_to_today()),
                            Actor.system()).id


@pytest.fixture
def applicant(batch, register):
    """A registered applicant's bearer headers."""
    return bearer(register(username="zhang_san", phone="13800138000")["token"])
