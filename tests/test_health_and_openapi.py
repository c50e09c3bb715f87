"""The service's own surface: health check, OpenAPI document, one error shape."""
from __future__ import annotations

import re

from server import create_app


def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    broken = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/app.db"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_the_openapi_document_covers_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(rule)), method)
              for rule in app.url_map.iter_rules() if str(rule).startswith("/api/v1/")
              and not str(rule).endswith("openapi.json")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes and routes <= documented
    error = document["components"]["schemas"]["Error"]["properties"]
    assert set(error) == {"code", "message", "fields"}


def test_unknown_api_paths_and_methods_answer_in_the_error_shape(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json == {"code": "not_found", "message": "请求的内容不存在", "fields": {}}
    wrong_method = client.put("/api/v1/accounts", json={})
    assert wrong_method.status_code == 405 and "POST" in wrong_method.headers["Allow"]
    assert wrong_method.json["message"] == "不支持的请求方法"


CJK = re.compile(r"[\u4e00-\u9fff]")


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in ("get", "put", "post", "delete", "patch"):
                yield path, method, operation


def test_every_operation_has_a_chinese_summary_and_documents_its_client_errors(client):
    document = client.get("/api/v1/openapi.json").json
    for path, method, operation in _operations(document):
        name = f"{method.upper()} {path}"
        summary = operation.get("summary", "")
        # Chinese, quoting names as code spells them (closed, wx.requestPayment …) but not written in English
        assert CJK.search(summary) and len(CJK.findall(summary)) > len(re.findall(r"[A-Za-z]", summary)) / 2, \
            f"{name}: summary {summary!r} is not Chinese"
        responses = operation["responses"]
        expected = set()
        if operation.get("security"):
            expected.add("401")
        body = operation.get("requestBody", {}).get("content", {})
        if body:
            expected |= {"400", "413", "422"}
        if "application/json" in body:
            expected.add("415")
        if "{" in path:
            expected.add("404")
        if path.startswith("/api/v1/applications/current") and method != "get":
            expected |= {"404", "409", "422"}
        assert expected <= set(responses), f"{name}: {sorted(expected - set(responses))} not documented"
        for code, answer in responses.items():
            if code.startswith("4"):
                answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]] \
                    if "$ref" in answer else answer
                assert CJK.search(answer["description"]), f"{name} {code}: {answer['description']!r}"
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            elif code.startswith("2"):
                assert CJK.search(answer["description"]), f"{name} {code}: {answer['description']!r}"


def test_a_request_without_a_login_is_told_to_log_in_before_its_body_is_judged(client):
    """A phone whose login lapsed is asked to log in again, not shown field errors for a form it
    cannot save anyway: every operation behind the bearer token answers 401 to a body that is
    wrong in every way."""
    document = client.get("/api/v1/openapi.json").json
    guarded = [(path, method) for path, method, operation in _operations(document)
               if operation.get("security") and "application/json" in operation.get("requestBody", {}).get("content", {})]
    assert len(guarded) >= 10
    for path, method in guarded:
        response = client.open(re.sub(r"\{\w+\}", "1", path), method=method.upper(), json=[{"unknown": 1}])
        assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code} {response.json}"
        assert response.json["code"] == "not_logged_in" and response.json["message"] == "请先登录"
