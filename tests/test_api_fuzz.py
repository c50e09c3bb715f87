"""Schemathesis against every operation of /api/v1: bad input is a 4xx in the error shape, never a 500,
and every answer matches the OpenAPI document.

Each case runs with a logged-in applicant's fresh bearer token (so a generated logout or password
change cannot lock the later cases out) and the seed's batch open (so the /applications/current
operations reach their handlers). The operations are read at collection from an app that only serves
the document; the cases go to the `app` fixture, on the test database with the sandbox.

Bounded for CI: 20 examples per operation and phase, derandomized, no example database.
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


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_input_makes_the_api_answer_500(case, app, fresh_bearer):
    case.call_and_validate(app=app, headers=fresh_bearer(),
                           checks=[not_a_server_error, response_schema_conformance])
