"""Console fixtures: staff members made with the same service as the CLI, and a CSRF-aware form poster."""
from __future__ import annotations

import re

import pytest

from server.accounts.models import StaffRole
from server.accounts.staff import create_staff
from server.audit.services import Actor

STAFF_PASSWORD = "Console2024pw"


@pytest.fixture
def staff(app):
    def make(username: str = "admin", role: StaffRole = StaffRole.admin, prefecture: str | None = None):
        with app.app_context():
            return create_staff(username, f"{username} 名称", STAFF_PASSWORD, role, prefecture, Actor.system()).id

    return make


def csrf_token(page_html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert match, "the form has no CSRF token"
    return match.group(1)


@pytest.fixture
def console(client):
    """Fill a console form the way a browser does: load the page, post with its token."""

    class Console:
        def post_form(self, page: str, data: dict, action: str | None = None):
            token = csrf_token(client.get(page).get_data(as_text=True))
            return client.post(action or page, data={"csrf_token": token, **data})

        def login(self, username: str = "admin", password: str = STAFF_PASSWORD):
            return self.post_form("/console/login", {"username": username, "password": password})

    return Console()
