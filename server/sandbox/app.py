"""The sandbox's Flask app: stand-in endpoints (faults applied, calls recorded) plus control pages."""
from __future__ import annotations

from flask import Flask, Response, g, request

from server.sandbox import control, pages, tencent_sms, wechat, wechat_pay
from server.sandbox.context import SandboxContext
from server.sandbox.mail import pages as mail_pages
from server.sandbox.records import Call


def _is_stand_in(path: str) -> bool:
    """Control endpoints and pages are not part of any outside system: no faults, no records."""
    return not path.startswith("/sandbox") and not (path == "/" and request.method == "GET")


def create_sandbox_app(context: SandboxContext) -> Flask:
    app = Flask("server.sandbox")
    app.extensions["sandbox"] = context
    app.json.ensure_ascii = False

    @app.before_request
    def inject_fault() -> Response | None:
        g.sandbox_generation = context.recorder.generation
        return context.faults.apply(request.path) if _is_stand_in(request.path) else None

    @app.after_request
    def record_call(response: Response) -> Response:
        if _is_stand_in(request.path):
            context.recorder.add(Call(at=context.clock(), method=request.method,
                                      path=request.path, status=response.status_code))
        return response

    wechat.register(app)
    tencent_sms.register(app)
    wechat_pay.register(app)
    app.register_blueprint(control.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(mail_pages.bp)
    return app
