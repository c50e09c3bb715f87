"""Schemathesis against every operation of /api/v1: bad input is a 4xx in the error shape, never a 500,
and every answer matches the OpenAPI document.

Three callers: a logged-in applicant with a fresh draft, the same with the whole form filled and
submitted (the review sheet, withdraw and submit-for-review reach their handlers), and anybody
without a token. Each logged-in case gets a fresh bearer token (so a generated logout or password
change cannot lock the later cases out), and the seed's batch is open. The operations are read at collection from an app that only serves
the document; the cases go to the `app` fixture, on the test database with the sandbox.

Bounded for CI: 20 examples per operation and phase for the draft (8 for the others),
derandomized, no example database.
(pytest 9.2 gives schemathesis' items one shared node id; select an operation with
`-k "qualification"`, and read a failure's operation in its `curl` line.)
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from server import create_app
from server.accounts import tokens
from server.accounts.models import Account
from server.applications import submission
from server.extensions import db
from tests.fixtures.accounts import bearer

_document_app = create_app({"TESTING": True, "SECRET_KEY": "openapi-document-only",
                            "SQLALCHEMY_DATABASE_URI": "sqlite://"})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _document_app)


@pytest.fixture
def fresh_bearer(app, applicant):
    """Issues a new token of the applicant for each call."""

    def issue() -> dict[str, str]:
        with app.app_context():
            account = db.session.execute(db.select(Account)).scalar_one()
            token = tokens.issue_token(account).token
            db.session.commit()
            return bearer(token)

    return issue


@pytest.fixture
def submitted_bearer(app, build, fresh_bearer):
    """The same applicant, with the whole form filled and submitted (info_submitted)."""
    with app.app_context():
        account_id = db.session.execute(db.select(Account.id)).scalar_one()
        build.fill(account_id)
        submission.submit_info(db.session.get(Account, account_id))
    return fresh_bearer


BOUNDED = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                          HealthCheck.filter_too_much, HealthCheck.data_too_large])
def client_errors_are_documented(ctx, response, case) -> None:
    """A 4xx the API answers is documented for that operation itself, not only by the `default` answer."""
    status = response.status_code
    if 400 <= status < 500 and status != 405:  # 405: a method the path has no operation for
        documented = set(map(str, case.operation.responses.status_codes))
        assert str(status) in documented, f"{case.operation.label} answered {status}; documented: {sorted(documented)}"


CHECKS = [not_a_server_error, response_schema_conformance, client_errors_are_documented]


@schema.parametrize()
@BOUNDED
def test_no_input_makes_the_api_answer_500(case, app, fresh_bearer):
    case.call_and_validate(app=app, headers=fresh_bearer(), checks=CHECKS)


@schema.parametrize()
@settings(BOUNDED, max_examples=8)
def test_no_input_from_a_submitted_applicant_makes_the_api_answer_500(case, app, submitted_bearer):
    case.call_and_validate(app=app, headers=submitted_bearer(), checks=CHECKS)


@schema.parametrize()
@settings(BOUNDED, max_examples=8)
def test_no_input_from_anybody_makes_the_api_answer_500(case, app, batch):
    case.call_and_validate(app=app, checks=CHECKS)
