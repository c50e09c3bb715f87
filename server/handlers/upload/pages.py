"""Routes of the desktop upload page: enter the code, see what it is for, upload the file."""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from server.applications import desktop_upload
from server.applications.desktop_upload import CodeTarget
from server.clock import format_beijing
from server.errors import DomainError
from server.extensions import limiter
from server.files.kinds import MB, PDF_MAX_BYTES
from server.handlers.upload import bp

ACCEPT_IMAGES = "image/jpeg,image/png,.jpg,.jpeg,.png"
ACCEPT_PDF = "application/pdf,.pdf"


def _limit() -> str:
    return current_app.config["DESKTOP_UPLOAD_PER_IP_LIMIT"]


code_entry_limit = limiter.shared_limit(_limit, scope="desktop-upload-code")


def _code_page(code: str = "", error: str | None = None, status: int = 200):
    return render_template("upload/enter_code.html", code=code, error=error), status


def _file_page(target: CodeTarget, code: str, error: str | None = None, status: int = 200):
    rule = target.slot.rule
    accept = ",".join(part for part, wanted in ((ACCEPT_IMAGES, rule.images), (ACCEPT_PDF, rule.pdf))
                      if wanted)
    return render_template("upload/choose_file.html", target=target, code=code, error=error,
                           accept=accept, expires=format_beijing(target.expires_at)), status


def _refused(message: str, status: int):
    return render_template("upload/refused.html", message=message), status


@bp.after_request
def _page_headers(response):
    # The code travels in the address (?code=): no Referer leaves this page and no frame holds it
    # (server.handlers.security_headers); nothing of it is cached.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def enter_code():
    return _code_page(request.args.get("code", "").strip()[:20])


def _posted_code():
    """The code of the posted form and what it is for, or the code page saying why not."""
    code = request.form.get("code", "").strip()[:20]
    try:
        return code, desktop_upload.look_up(code), None
    except DomainError as error:
        return code, None, _code_page(code, error.message, error.status)


@bp.post("")
@code_entry_limit
def check_code():
    code, target, refusal = _posted_code()
    return refusal or _file_page(target, code)


@bp.post("/file")
@code_entry_limit
def receive_file():
    code, target, refusal = _posted_code()
    if refusal:
        return refusal
    upload = request.files.get("file")
    if upload is None:
        return _file_page(target, code, "请选择要上传的文件", 422)
    try:
        stored = desktop_upload.upload_with_code(code, upload.filename, upload.read())
    except DomainError as error:
        try:
            target = desktop_upload.look_up(code)  # used up or expired meanwhile: say that
        except DomainError as again:
            return _code_page(code, again.message, again.status)
        return _file_page(target, code, error.message, error.status)
    return render_template("upload/done.html", target=target, name=stored.original_name)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    return _refused(f"文件超过 {PDF_MAX_BYTES // MB}MB，请压缩后重新上传", 413)


@bp.errorhandler(TooManyRequests)
def _too_many(_error):
    return _refused("尝试次数过多，请稍后再试", 429)


@bp.errorhandler(CSRFError)
def _stale_form(_error):
    return _code_page(error="页面已过期，请重新输入上传码", status=400)
