"""Batch settings in the console: admin and association only, Beijing-time inputs, errors by field."""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.models import StaffRole
from server.batches.models import Batch
from server.clock import BEIJING
from server.extensions import db

FORM = {
    "name": "2025年全区第一批",
    "registration_opens_at": "2025-03-01T10:30", "registration_closes_at": "2025-03-20T18:30",
    "review_closes_at": "2025-03-21T18:30", "payment_opens_at": "2025-03-05T10:30",
    "payment_closes_at": "2025-03-22T18:30", "fee_yuan": "350", "payment_delay_days": "5",
    "min_practice_years": "8", "max_age": "70", "allowed_title_levels": ["正高级", "副高级"],
}


def test_the_association_creates_a_batch_in_beijing_time(app, client, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    response = console.post_form("/console/batches/new", FORM)
    assert response.status_code == 302
    assert "2025年全区第一批" in client.get("/console/batches").get_data(as_text=True)
    with app.app_context():
        batch = db.session.execute(select(Batch)).scalar_one()
        assert batch.registration_closes_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") == "2025-03-20 18:30"
        assert batch.allowed_title_levels == ["正高级", "副高级"]


def test_a_bad_batch_form_shows_each_problem_and_saves_nothing(app, staff, console):
    staff()
    console.login()
    bad = {**FORM, "registration_closes_at": "2025-02-01T10:00", "fee_yuan": "abc"}
    response = console.post_form("/console/batches/new", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "培训费（元）须为整数" in html
    with app.app_context():
        assert db.session.execute(select(Batch)).first() is None


def test_an_admin_extends_the_review_deadline(app, client, staff, console):
    staff()
    console.login()
    console.post_form("/console/batches/new", FORM)
    with app.app_context():
        batch_id = db.session.execute(select(Batch.id)).scalar_one()
    edited = console.post_form(f"/console/batches/{batch_id}", {**FORM, "review_closes_at": "2025-03-22T18:30"})
    assert edited.status_code == 302
    page = client.get(f"/console/batches/{batch_id}").get_data(as_text=True)
    assert 'value="2025-03-22T18:30"' in page


def test_reviewers_cannot_open_batch_settings(client, staff, console):
    staff("rv_karamay", StaffRole.reviewer, "650200")
    console.login("rv_karamay")
    response = client.get("/console/batches")
    assert response.status_code == 403 and "您没有权限访问此页面" in response.get_data(as_text=True)
