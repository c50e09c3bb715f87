"""Errors that services raise and that every handler answers in one shape.

The JSON API answers `{"code": ..., "message": <Chinese>, "fields": {<field>: <Chinese>}}`; the
console renders the same message on a page. Services raise these; handlers never build errors.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}

    def payload(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class InvalidInput(DomainError):
    """One or more fields are wrong; `fields` names each of them."""
    status, code = 422, "invalid"

    @classmethod
    def field(cls, name: str, message: str) -> "InvalidInput":
        return cls(message, {name: message})


class Incomplete(InvalidInput):
    """A submit refused: `fields` lists every problem the completeness check found."""
    code = "incomplete"


class NotLoggedIn(DomainError):
    status, code = 401, "not_logged_in"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Locked(DomainError):
    status, code = 423, "locked"


class TooManyRequests(DomainError):
    status, code = 429, "too_many_requests"

    def __init__(self, message: str, retry_after: int, fields: dict[str, str] | None = None):
        super().__init__(message, fields, {"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    """An outside system (WeChat, SMS) did not answer; nothing was changed."""
    status, code = 503, "unavailable"
