"""The mini-program's JSON API under /api/v1, documented as OpenAPI 3 at /api/v1/openapi.json."""
from __future__ import annotations

import time
from typing import Any

import flask_smorest
import marshmallow as ma
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from server.errors import DomainError
from server.extensions import csrf, limiter

API_PREFIX = "/api/v1"

GENERIC_MESSAGES = {
    400: "请求格式不正确",
    401: "请先登录",
    403: "没有权限执行此操作",
    404: "请求的内容不存在",
    405: "不支持的请求方法",
    413: "上传的内容过大",
    415: "请以 JSON 格式提交",
    429: "操作太频繁，请稍后再试",
}
CODES = {400: "bad_request", 401: "not_logged_in", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "bad_request",
         422: "invalid", 429: "too_many_requests"}
ENGLISH_TO_CHINESE = {
    "Unknown field.": "不支持的字段",
    "Invalid input type.": "请求内容须为 JSON 对象",
    "Invalid JSON body.": "请求内容不是有效的 JSON",
}


class ErrorSchema(ma.Schema):
    """The one error shape of the API."""

    code = ma.fields.String(metadata={"description": "machine-readable error code"})
    message = ma.fields.String(metadata={"description": "what went wrong, in Chinese"})
    fields = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(),
                            metadata={"description": "field name → Chinese message"})


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX + "/") or request.path == API_PREFIX


def error_response(status: int, code: str, message: str, fields: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"code": code, "message": message, "fields": fields or {}})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """webargs/marshmallow nest messages by location and field; the API names fields flatly."""
    if isinstance(messages, list):
        first = messages[0] if messages else ""
        if isinstance(first, (dict, list)):
            return _flatten(first, prefix)
        return {prefix or "_body": ENGLISH_TO_CHINESE.get(str(first), str(first))}
    flat: dict[str, str] = {}
    for key, value in messages.items():
        name = str(key)
        if name == "_schema":
            name = ""
        path = f"{prefix}.{name}" if prefix and name else (prefix or name)
        flat.update(_flatten(value, path))
    return flat


def _validation_error(messages: dict[str, Any]) -> Response:
    by_location = {loc: msgs for loc, msgs in messages.items()}
    fields: dict[str, str] = {}
    for msgs in by_location.values():
        fields.update(_flatten(msgs))
    body_level = fields.pop("_body", None)
    if body_level and not fields:
        return error_response(400, "bad_request", body_level)
    if len(fields) == 1:
        message = next(iter(fields.values()))
    else:
        message = f"有{len(fields)}项填写有误，请检查"
    return error_response(422, "invalid", message, fields)


class Api(flask_smorest.Api):
    """flask-smorest with the project's error shape (and the `Allow` header kept on 405)."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        if not is_api_request():
            from server.handlers.console.errors import render_http_error
            return render_http_error(error)
        data = getattr(error, "data", None) or {}
        if error.code == 422 and "messages" in data:
            return _validation_error(data["messages"])
        if error.code == 400 and "messages" in data:
            return error_response(400, "bad_request", next(iter(_flatten(data["messages"]).values()),
                                                           GENERIC_MESSAGES[400]))
        status = error.code or 500
        headers = dict(data.get("headers") or {})
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers["Allow"] = ", ".join(sorted(error.valid_methods))
        if status == 429 and limiter.current_limit is not None:
            headers["Retry-After"] = str(max(1, int(limiter.current_limit.reset_at - time.time())))
        message = GENERIC_MESSAGES.get(status, "服务器暂时无法处理请求，请稍后重试")
        return error_response(status, CODES.get(status, "error"), message, None, headers)


def handle_domain_error(error: DomainError):
    if is_api_request():
        return error_response(error.status, error.code, error.message, error.fields, error.headers)
    from server.handlers.console.errors import render_domain_error
    return render_domain_error(error)


def handle_unexpected_error(error: Exception):
    """Last resort: log it, and answer in the project's shape rather than an HTML stack page."""
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if is_api_request():
        return error_response(500, "internal", "服务器内部错误，请稍后重试")
    return "服务器内部错误，请稍后重试", 500


def init_api(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "评标专家申报系统 API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = Api(app, spec_kwargs={"servers": [{"url": "/"}]})
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "登录后获得的令牌"})
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected_error)
    from server.handlers.api import (accounts, applications, batches, files, form_rules, legal, reference, review,
                                     review_sheet)

    for blueprint in (accounts.blp, batches.blp, applications.blp, reference.blp, form_rules.blp, legal.blp,
                      files.blp, review_sheet.blp, review.blp):
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
        csrf.exempt(blueprint)  # token-authenticated: no cookies, so no CSRF
