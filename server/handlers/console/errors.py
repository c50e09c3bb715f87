"""Console error pages: the same Chinese messages the API gives, as a page."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from server.errors import DomainError

PAGE_MESSAGES = {
    400: "请求无效",
    403: "您没有权限访问此页面",
    404: "页面不存在",
    405: "不支持的请求方法",
    429: "操作太频繁，请稍后再试",
}


def render_domain_error(error: DomainError):
    return render_template("console/error.html", message=error.message), error.status


def render_http_error(error: HTTPException):
    message = PAGE_MESSAGES.get(error.code or 500, "服务器暂时无法处理请求")
    return render_template("console/error.html", message=message), error.code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return render_template("console/error.html",
                               message="页面已过期或来源无效，请刷新页面后重试"), 400
