"""Every 4xx an operation can answer is in the OpenAPI document, with a Chinese description.

flask-smorest documents the answers a route declares; the ones the shared machinery gives (the
token check, the body parser, the request cap, the rate limits, the open batch and the lifecycle)
are added here by rule, once every blueprint is registered. Descriptions a route gave itself are
kept; "OK" and the library's English ones become Chinese, so the document reads in one language.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from apispec import APISpec

ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
DESCRIPTIONS = {
    400: "请求格式不正确（如请求内容不是有效的 JSON 或不是 JSON 对象）",
    401: "未登录或登录已失效，请重新登录",
    404: "请求的内容不存在（或当前没有开放的选聘批次）",
    409: "当前状态不允许此操作（如申请已提交、报名已截止）",
    413: "请求内容过大",
    415: "请求内容须为 JSON（Content-Type: application/json）",
    422: "填写有误：fields 逐项说明（字段 → 原因）",
    423: "账号已锁定，请稍后再试",
    429: "操作太频繁，请稍后再试",
}
SUCCESS = {"200": "成功", "201": "已创建", "202": "已受理", "204": "成功（无内容）"}
ENGLISH_SUCCESS = ("OK", "Created", "Accepted", "No Content", "")
CJK = re.compile(r"[\u4e00-\u9fff]")
API_PREFIX = "/api/v1"
METHODS = ("get", "put", "post", "delete", "patch")
WRITES = ("put", "post", "delete", "patch")
# Operations throttled per client address (Flask-Limiter) or per phone (the SMS budget).
THROTTLED = ("/sms-codes", "/accounts", "/sessions/password", "/sessions/sms", "/sessions/wechat",
             "/password-resets", "/me/phone")
# Logins that count wrong passwords and lock the account.
LOCKING = ("/sessions/password", "/me/password", "/accounts/me")
# Operations on the applicant's application in the current batch (none open: 404; a state or a
# deadline that does not allow the write: 409).
CURRENT_APPLICATION = "/applications/current"
# What a route's service refuses beyond the rules above (NotFound, Conflict in the domain).
SERVICE_ERRORS: dict[tuple[str, str], set[int]] = {
    ("post", "/sms-codes"): {404, 409},  # a login code for an unknown phone, a register code for a known one
    ("post", "/accounts"): {409},  # the username or the phone is taken
    ("post", "/sessions/sms"): {404},  # the phone is not registered
    ("post", "/sessions/wechat"): {409},  # the WeChat or the account is bound elsewhere
    ("post", "/password-resets"): {404},
    ("post", "/me/phone"): {409},
    ("get", "/batches/current"): {404},
    ("get", "/applications/current/review-sheet"): {409},  # withdrawn: the sheet is void
    ("get", "/applications/current/review-sheet.pdf"): {409},
}


def client_errors(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The 4xx the shared machinery can answer for one operation."""
    codes: set[int] = set()
    body = operation.get("requestBody", {}).get("content", {})
    if operation.get("security"):
        codes.add(401)
    if body:
        codes |= {400, 413, 422} | ({415} if "application/json" in body else set())
    if operation.get("parameters"):
        codes.add(422)
    if "{" in path:  # a path parameter names something that may not exist (or not be the caller's)
        codes.add(404)
    if CURRENT_APPLICATION in path:
        codes.add(404)
        if method in WRITES:  # the state or the deadline refuses it; the form or the file is not right
            codes |= {409, 422}
    codes |= SERVICE_ERRORS.get((method, path.removeprefix(API_PREFIX)), set())
    if any(path.endswith(suffix) for suffix in THROTTLED) and method in WRITES:
        codes.add(429)
    if any(path.endswith(suffix) for suffix in LOCKING) and method in WRITES:
        codes.add(423)
    return codes


def _operations(spec: APISpec) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for path, operations in spec._paths.items():  # apispec keeps no public view of the paths
        for method, operation in operations.items():
            if method in METHODS:
                yield path, method, operation


def document_client_errors(spec: APISpec) -> None:
    """Add the rule-given 4xx to every operation and make the success descriptions Chinese."""
    for path, method, operation in _operations(spec):
        responses = operation.setdefault("responses", {})
        for code in sorted(client_errors(path, method, operation)):
            responses.setdefault(str(code), {"description": DESCRIPTIONS[code], "content": ERROR_REF})
        for code, description in SUCCESS.items():
            answer = responses.get(code)
            if answer is None or "$ref" in answer or CJK.search(answer.get("description", "")):
                continue
            given = answer.get("description", "")
            answer["description"] = description if given in ENGLISH_SUCCESS else f"{description}：{given}"
    shared = spec.components.responses
    if "DEFAULT_ERROR" in shared:
        shared["DEFAULT_ERROR"]["description"] = "服务器错误（5xx），错误格式同上"
    if "UNPROCESSABLE_ENTITY" in shared:
        shared["UNPROCESSABLE_ENTITY"]["description"] = DESCRIPTIONS[422]
