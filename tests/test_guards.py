"""Console and public pages refuse a NUL character with a page, never a 500 (PostgreSQL cannot
store or compare one)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/console/review?name=%00", "/console/audit?action=a%00b",
                                  "/upload?code=AB%00CD", "/console/login?next=%00"])
def test_a_nul_in_the_query_string_is_refused_with_a_page(client, staff, console, path):
    staff()
    console.login()
    response = client.get(path)
    assert response.status_code == 400
    assert "请求中含有无法识别的字符" in response.get_data(as_text=True)


def test_a_nul_in_a_posted_form_is_refused_before_the_handler(app, client, staff, console):
    from sqlalchemy import select

    from server.audit.models import AuditEntry
    from server.extensions import db

    staff()
    response = console.post_form("/console/login", {"username": "admin\x00", "password": "Console2024pw"})
    assert response.status_code == 400 and "请求中含有无法识别的字符" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(AuditEntry).where(AuditEntry.action == "staff.logged_in")).first() is None
