"""Errors answered in the shape of the part of the site that was asked.

Every blueprint declares its own shape with `answer_errors(prefix, shape)`: the JSON API answers
`{code, message, fields}`, the console and the public pages an HTML page, and the WeChat callbacks
what WeChat expects (Pay v2 XML `<return_code>`, Pay v3 JSON `{code, message}`, the official
account's `success`). The app-level handlers below pick the shape by the request's path, so a 404
for an unknown URL under /api/ is JSON too, before any blueprint is matched.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from server.errors import DomainError, ServiceUnavailable
from server.extensions import db

PAGE_MESSAGES = {
    400: "请求无效",
    403: "您没有权限访问此页面",
    404: "页面不存在",
    405: "不支持的请求方法",
    413: "提交的内容过大",
    429: "操作太频繁，请稍后再试",
}
UNEXPECTED = "服务器内部错误，请稍后重试"
STALE_FORM = "页面已过期或来源无效，请刷新页面后重试"
DATABASE_DOWN = "服务暂时无法访问数据库，请稍后重试（已保存的内容不受影响）"


@dataclass(frozen=True)
class ErrorShape:
    """How one part of the site answers a refusal (`DomainError`), an HTTP error and a crash."""

    domain: Callable[[DomainError], Response | tuple]
    http: Callable[[HTTPException], Response | tuple]
    unexpected: Callable[[], Response | tuple]


def page_shape(template: str) -> ErrorShape:
    """Errors as an HTML page rendered from `template` (given `message`)."""

    def page(message: str, status: int):
        return render_template(template, message=message), status

    return ErrorShape(domain=lambda error: page(error.message, error.status),
                      http=lambda error: page(PAGE_MESSAGES.get(error.code or 500, "服务器暂时无法处理请求"),
                                              error.code or 500),
                      unexpected=lambda: page(UNEXPECTED, 500))


PAGE = page_shape("error.html")


def _plain(message: str, status: int) -> Response:
    return Response(message, status=status, mimetype="text/plain")


# For callers that are programs, not people (WeChat's servers): a short text and the status.
PLAIN_TEXT = ErrorShape(domain=lambda error: _plain(error.code, error.status),
                        http=lambda error: _plain((error.name or "error").lower(), error.code or 500),
                        unexpected=lambda: _plain("error", 500))

_shapes: list[tuple[str, ErrorShape]] = []


def answer_errors(prefix: str, shape: ErrorShape) -> None:
    """Requests whose path starts with `prefix` get their errors in `shape` (longest prefix wins)."""
    _shapes.append((prefix, shape))
    _shapes.sort(key=lambda pair: len(pair[0]), reverse=True)


def shape_of_request() -> ErrorShape:
    return next((shape for prefix, shape in _shapes if request.path.startswith(prefix)), PAGE)


def answer_http_error(error: HTTPException):
    return shape_of_request().http(error)


def init_errors(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        return shape_of_request().domain(error)

    @app.errorhandler(CSRFError)
    def _stale_form(_error: CSRFError):
        return shape_of_request().domain(DomainError(STALE_FORM))

    @app.errorhandler(DBAPIError)
    def _database(error: DBAPIError):
        """The database went away mid-request (restart, failover, lock timeout): the transaction
        was not committed, so nothing is half-written; the next request gets a fresh connection."""
        if not (isinstance(error, OperationalError) or error.connection_invalidated):
            return _unexpected(error)
        current_app.logger.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        db.session.rollback()
        return shape_of_request().domain(ServiceUnavailable(DATABASE_DOWN))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return answer_http_error(error)
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return shape_of_request().unexpected()
