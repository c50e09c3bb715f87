"""The API's one error shape: `{"code", "message" (Chinese), "fields": {field: Chinese}}`."""
from __future__ import annotations

import time
from typing import Any

import marshmallow as ma
from flask import Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from server.errors import DomainError
from server.extensions import limiter
from server.handlers.errors import ErrorShape

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


def error_response(status: int, code: str, message: str, fields: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"code": code, "message": message, "fields": fields or {}})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """webargs/marshmallow nest messages by location and field; the API names fields flatly."""
    if isinstance(messages, list):
        first = messages[0] if messages else ""
        if isinstance(first, (dict, list)):
            return flatten_messages(first, prefix)
        return {prefix or "_body": ENGLISH_TO_CHINESE.get(str(first), str(first))}
    flat: dict[str, str] = {}
    for key, value in messages.items():
        name = "" if str(key) == "_schema" else str(key)
        path = f"{prefix}.{name}" if prefix and name else (prefix or name)
        flat.update(flatten_messages(value, path))
    return flat


def _validation_error(messages: dict[str, Any]) -> Response:
    fields: dict[str, str] = {}
    for by_location in messages.values():
        fields.update(flatten_messages(by_location))
    body_level = fields.pop("_body", None)
    if body_level and not fields:
        return error_response(400, "bad_request", body_level)
    message = next(iter(fields.values())) if len(fields) == 1 else f"有{len(fields)}项填写有误，请检查"
    return error_response(422, "invalid", message, fields)


def _http_error(error: HTTPException) -> Response:
    data = getattr(error, "data", None) or {}
    if error.code == 422 and "messages" in data:
        return _validation_error(data["messages"])
    if error.code == 400 and "messages" in data:
        return error_response(400, "bad_request", next(iter(flatten_messages(data["messages"]).values()),
                                                       GENERIC_MESSAGES[400]))
    status = error.code or 500
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if status == 429 and limiter.current_limit is not None:
        headers["Retry-After"] = str(max(1, int(limiter.current_limit.reset_at - time.time())))
    message = GENERIC_MESSAGES.get(status, "服务器暂时无法处理请求，请稍后重试")
    return error_response(status, CODES.get(status, "error"), message, None, headers)


def _domain_error(error: DomainError) -> Response:
    return error_response(error.status, error.code, error.message, error.fields, error.headers)


API_SHAPE = ErrorShape(domain=_domain_error, http=_http_error,
                       unexpected=lambda: error_response(500, "internal", "服务器内部错误，请稍后重试"))
