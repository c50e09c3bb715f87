"""A body that is not JSON where JSON is read is refused in Chinese, and a chunked body is capped like any.

Before: a save sent as text/plain (or with no content type) answered 200 and stored nothing, and an
oversized chunked body was cut at the cap and called "not valid JSON".
"""
from __future__ import annotations

import io
import json

import pytest
from werkzeug.test import EnvironBuilder

from tests.fixtures.forms import CURRENT

BODY = json.dumps({"name": "张三"}).encode()


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("data", [BODY, b"name=%E5%BC%A0%E4%B8%89"])
def test_a_body_in_another_format_is_refused_and_nothing_is_saved(client, applicant, content_type, data):
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.put(f"{CURRENT}/basic", headers=applicant, data=data, **kwargs)
    assert response.status_code == 415
    assert response.json["message"] == "请求内容须为 JSON（Content-Type: application/json）"
    assert client.get(CURRENT, headers=applicant).json["basic"]["name"] is None


@pytest.mark.parametrize(("method", "path"), [("POST", "/sessions/password"), ("POST", "/sms-codes"),
                                              ("POST", "/applications/current/certificates")])
def test_every_json_operation_refuses_a_body_in_another_format(client, applicant, method, path):
    response = client.open(f"/api/v1{path}", method=method, headers=applicant, data=b"login=zhang_san",
                           content_type="text/plain")
    assert response.status_code == 415 and "JSON" in response.json["message"]


def test_malformed_json_is_a_400_in_chinese(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, data=b"{name:", content_type="application/json")
    assert response.status_code == 400 and response.json["message"] == "请求内容不是有效的 JSON"


def _chunked(app, headers: dict[str, str], body: bytes) -> tuple[str, dict]:
    """The request as a WSGI server hands over a chunked body: no CONTENT_LENGTH, a terminated stream."""
    environ = EnvironBuilder(path=f"{CURRENT}/basic", method="PUT", headers=headers,
                             content_type="application/json").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True,
                    "wsgi.input": io.BytesIO(body)})
    answer: dict[str, str] = {}
    chunks = app(environ, lambda status, _headers, *_: answer.setdefault("status", status))
    return answer["status"], json.loads(b"".join(chunks))


def test_an_oversized_chunked_body_is_413_not_invalid_json(app, client, applicant):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"name": "张三", "major": "x" * limit}).encode()
    status, answer = _chunked(app, applicant, body)
    assert status.startswith("413") and answer["message"] == "上传的内容过大"
    assert client.get(CURRENT, headers=applicant).json["basic"]["name"] is None


def test_a_chunked_body_within_the_cap_is_read_whole(app, client, applicant):
    status, answer = _chunked(app, applicant, BODY)
    assert status.startswith("200") and answer["basic"]["name"] == "张三"
