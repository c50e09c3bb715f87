"""Fixtures for the review specs: the seed's batch (registration open, the clock at 2026-11-25 12:00
Beijing time), applicants, staff, and applications brought to review through the services."""
from __future__ import annotations

from typing import Callable

import pytest

from server.accounts.models import StaffMember, StaffRole
from server.extensions import db
from tests.accounts.conftest import bearer, register, send_code  # noqa: F401  (fixtures)
from tests.applications.conftest import applicant, batch  # noqa: F401  (fixtures)
from tests.review.builders import Builder


@pytest.fixture
def make_staff(app) -> Callable[..., int]:
    """A staff member row (no console login needed: the services take the member)."""
    counter = iter(range(1000))

    def make(role: StaffRole = StaffRole.reviewer, prefecture_code: str | None = "650100",
             active: bool = True) -> int:
        number = next(counter)
        with app.app_context():
            member = StaffMember(username=f"staff{number}", display_name=f"审核员{number}", password_hash="x",
                                 role=role,
                                 prefecture_code=prefecture_code if role is StaffRole.reviewer else None,
                                 active=active)
            db.session.add(member)
            db.session.commit()
            return member.id

    return make


@pytest.fixture
def reviewer(make_staff) -> int:
    """A reviewer of 乌鲁木齐市 (650100), the prefecture the builder's applications are in."""
    return make_staff(StaffRole.reviewer, "650100")


@pytest.fixture
def build(app, batch) -> Builder:
    """Applications made through the services (fast: no HTTP, uploads shared by content)."""
    return Builder(app)
