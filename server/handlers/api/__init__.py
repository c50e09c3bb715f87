"""The mini-program's JSON API under /api/v1, documented as OpenAPI 3 at /api/v1/openapi.json."""
from __future__ import annotations

import flask_smorest
from flask import Flask
from werkzeug.exceptions import HTTPException

from server.handlers.api import (
    accounts,
    applications,
    batches,
    contacts,
    exams,
    files,
    form_rules,
    legal,
    notices,
    official_account,
    payments,
    reference,
    review,
    review_sheet,
    subscriptions,
)
from server.handlers.api.errors import API_SHAPE, ErrorSchema
from server.handlers.api.openapi_errors import document_client_errors
from server.handlers.errors import answer_errors, answer_http_error

API_PREFIX = "/api/v1"
BLUEPRINTS = (accounts.blp, batches.blp, applications.blp, reference.blp, form_rules.blp, legal.blp, files.blp,
              review_sheet.blp, review.blp, notices.blp, contacts.blp, exams.blp, subscriptions.blp,
              official_account.blp, payments.blp)


class Api(flask_smorest.Api):
    """flask-smorest with the project's error shapes (each part of the site answers its own way)."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        return answer_http_error(error)


def init_api(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "评标专家申报系统 API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    answer_errors(API_PREFIX, API_SHAPE)
    api = Api(app, spec_kwargs={"servers": [{"url": "/"}]})
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "登录后获得的令牌"})
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    document_client_errors(api.spec)
