"""Renewal (续聘): an applicant with an earlier approved application starts from it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.accounts.actors import Actor
from server.applications.models import Application
from server.batches.services import BatchSettings, create_batch
from server.clock import now
from server.extensions import db
from server.review import services as review
from tests.fixtures.forms import CURRENT, allowed, fill_complete, submit_for_review, valid_id
from tests.fixtures.staff import staff_member


def approve_through_review(app, client, headers, reviewer: int) -> None:
    """The earlier application goes for review and its prefecture's reviewer approves it."""
    submit_for_review(client, headers)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        review.approve(application.id, staff_member(reviewer), None)


def open_next_batch(app) -> None:
    with app.app_context():
        start = now() - timedelta(hours=1)
        create_batch(BatchSettings(
            name="2025年全区第一批", registration_opens_at=start,
            registration_closes_at=start + timedelta(days=10), review_closes_at=start + timedelta(days=11),
            payment_opens_at=start + timedelta(days=2), payment_closes_at=start + timedelta(days=12)),
            Actor.system())


def test_renewal_prefills_the_new_application_from_the_approved_one(app, client, applicant, reviewer, clock):
    fill_complete(client, applicant, id_number=valid_id())
    assert client.post(f"{CURRENT}/submit", headers=applicant).status_code == 200
    approve_through_review(app, client, applicant, reviewer)
    clock.shift(3600)
    open_next_batch(app)
    fresh = client.get(CURRENT, headers=applicant).json
    assert fresh["batch"]["name"] == "2025年全区第一批"
    assert fresh["basic"]["name"] is None and fresh["renewal"]["renewal_available"] is True
    response = client.post(f"{CURRENT}/renewal-prefill", headers=applicant)
    assert response.status_code == 200
    body = response.json
    assert body["renewal"]["kind"] == "renewal"
    assert (body["basic"]["name"], body["basic"]["id_number"]) == ("张三", valid_id())
    assert body["specialties"]["primary"] == ["A04", "A0401", "A040101"]
    assert [c["name"] for c in body["certificates"]] == ["一级注册建筑师"]
    assert body["state"] == "draft" and "edit" in allowed(body)


def test_without_an_approved_application_there_is_nothing_to_renew(client, applicant):
    assert client.get(CURRENT, headers=applicant).json["renewal"]["renewal_available"] is False
    response = client.post(f"{CURRENT}/renewal-prefill", headers=applicant)
    assert response.status_code == 404 and response.json["message"] == "没有可续聘的已通过申请"
