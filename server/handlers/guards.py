"""Request-wide guards that no single page should have to repeat."""
from __future__ import annotations

from flask import Flask, request

from server.errors import BadRequest

NUL_MESSAGE = "请求中含有无法识别的字符，请检查后重新提交"


def refuse_nul_characters() -> None:
    """Console and public pages: a query string or form field with a NUL is refused before any
    handler runs. Nobody types one, and PostgreSQL can neither store nor compare it (a 500
    otherwise). The JSON API checks the same in its schemas, naming the field."""
    if request.path.startswith("/api/"):
        return
    values = list(request.args.values())
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += list(request.form.values())
    if any("\x00" in value for value in values):
        raise BadRequest(NUL_MESSAGE)


def init_guards(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
