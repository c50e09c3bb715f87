"""The API's blueprints: token-authenticated, never cookie-authenticated, so exempt from CSRF."""
from __future__ import annotations

from typing import Any

import flask_smorest
from webargs.flaskparser import FlaskParser, is_json_request

from server.errors import DomainError
from server.extensions import csrf

NOT_JSON = "请求内容须为 JSON（Content-Type: application/json）"


class NotJson(DomainError):
    """A body in another format where the operation reads JSON: nothing was read, nothing saved."""

    status, code = 415, "not_json"


class JsonParser(FlaskParser):
    """A JSON body that is not JSON is refused, whatever its content type says.

    webargs reads a body sent as text/plain (or with no content type) as "no fields", so a save
    answered 200 while storing nothing; here a non-empty body must be JSON."""

    def _raw_load_json(self, req) -> Any:
        if not is_json_request(req) and req.get_data(cache=True):
            raise NotJson(NOT_JSON)
        return super()._raw_load_json(req)


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        csrf.exempt(self)  # no cookies: a forged cross-site request carries no token
