"""Renewal (续聘): an applicant with an earlier approved application starts from it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.applications import workflow
from server.applications.models import Application, ApplicationState
from server.audit.services import Actor
from server.batches.services import BatchSettings, create_batch
from server.clock import now
from server.extensions import db
from tests.applications.test_submit import CURRENT, fill_complete, valid_id


def approve_directly(app) -> None:
    """The review itself is another spec; here the earlier application is simply approved."""
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        workflow.move(application, ApplicationState.pending_review, Actor.system())
        workflow.move(application, ApplicationState.approved, Actor.system())
        db.session.commit()


def open_next_batch(app) -> None:
    with app.app_context():
        start = now() - timedelta(hours=1)
        create_batch(BatchSettings(
            name="2025年全区第一批", registration_opens_at=start,
            registration_closes_at=start + timedelta(days=10), review_closes_at=start + timedelta(days=11),
            payment_opens_at=start + timedelta(days=2), payment_closes_at=start + timedelta(days=12)),
            Actor.system())


def test_renewal_prefills_the_new_application_from_the_approved_one(app, client, applicant, clock):
    fill_complete(client, applicant, id_number=valid_id())
    assert client.post(f"{CURRENT}/submit", headers=applicant).status_code == 200
    approve_directly(app)
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
    assert body["state"] == "draft" and body["editable"] is True


def test_without_an_approved_application_there_is_nothing_to_renew(client, applicant):
    assert client.get(CURRENT, headers=applicant).json["renewal"]["renewal_available"] is False
    response = client.post(f"{CURRENT}/renewal-prefill", headers=applicant)
    assert response.status_code == 404 and response.json["message"] == "没有可续聘的已通过申请"
