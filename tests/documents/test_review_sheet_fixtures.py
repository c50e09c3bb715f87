"""Shared by the review-sheet specs (no tests here): an applicant whose application is submitted
through the API as the mini-program does it, and readers of the sheet's PDF (images, pages).

Import the fixtures by name into a spec module: pytest finds fixtures in a module's namespace.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.accounts.models import Account
from server.extensions import db
from tests.accounts.conftest import register, send_code  # noqa: F401  (fixtures)
from tests.applications.conftest import applicant, batch  # noqa: F401  (fixtures)
from tests.applications.test_submit import fill_complete, valid_id
from tests.documents.pdf_inspection import reader

CURRENT = "/api/v1/applications/current"
SHEET = f"{CURRENT}/review-sheet"
ID_NUMBER = valid_id(1975)  # born 1975-01-01: 51 on the 2026-12-02 registration deadline


def submit_complete(client, headers, *, certificates: int = 0, avoidance_units: int = 0) -> None:
    """Fill in everything (plus extra certificates and avoidance units) and submit."""
    fill_complete(client, headers, id_number=ID_NUMBER)
    add_items(client, headers, certificates=certificates, avoidance_units=avoidance_units)
    response = client.post(f"{CURRENT}/submit", headers=headers)
    assert response.status_code == 200, response.json


@pytest.fixture
def submitted(client, applicant) -> dict[str, str]:  # noqa: F811
    """The applicant's bearer headers once the complete application is submitted (sequence 1)."""
    submit_complete(client, applicant)
    return applicant


def add_items(client, headers, *, certificates: int = 0, avoidance_units: int = 0) -> None:
    """More certificates and avoidance units on the draft (each certificate reuses a proof PDF)."""
    proof = client.get(CURRENT, headers=headers).json["certificates"][0]["proof_file_id"]
    for n in range(certificates):
        response = client.post(f"{CURRENT}/certificates", headers=headers, json={
            "name": f"注册造价工程师{n + 2}", "registration_number": f"建[造]1265000{n:04d}",
            "proof_file_id": proof})
        assert response.status_code == 201, response.json
    for n in range(avoidance_units):
        response = client.post(f"{CURRENT}/avoidance-units", headers=headers, json={
            "name": f"新疆某某建设工程有限公司第{n + 1}分公司", "credit_code": "91310110076408176P",
            "description": "本人曾在该单位任职，离职未满三年"})
        assert response.status_code == 201, response.json


def account_of(username: str = "zhang_san") -> Account:
    return db.session.execute(select(Account).where(Account.username == username)).scalar_one()


def withdraw_and_resubmit(app, client, headers) -> None:
    """The review workflow's withdrawal (撤回), then a submit again: a second snapshot."""
    from server.review.services import withdraw

    with app.app_context():
        withdraw(account_of())
        db.session.remove()
    response = client.post(f"{CURRENT}/submit", headers=headers)
    assert response.status_code == 200, response.json


def image_xobjects(pdf: bytes) -> list[dict]:
    """Every image XObject drawn on any page, with its size and filter."""
    found = []
    for page in reader(pdf).pages:
        resources = page["/Resources"]
        for ref in resources.get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append({"width": xobject["/Width"], "height": xobject["/Height"],
                              "filter": xobject.get("/Filter")})
    return found


def page_count(pdf: bytes) -> int:
    return len(reader(pdf).pages)
