"""/wechat/pay/<provider>/payment and /refund: WeChat Pay's notifications (支付结果通知, 退款结果通知).

The notify URLs we give WeChat name the configured provider (`wechat_v3` or `wechat_v2`); a
notification to another provider's URL is a 404. Every answer — success, refusal, and also a
404, a 413 or a crash — is in the provider's own format (v3: 204, or 4xx/5xx with
`{code, message}`; v2: `<xml><return_code>`), so WeChat reads each as it expects.
"""
from __future__ import annotations

import json
import logging

from flask import Blueprint, Flask, Response, abort, request
from werkzeug.exceptions import HTTPException

from server.extensions import csrf
from server.handlers.errors import ErrorShape, answer_errors
from server.network import client_ip
from server.payments import gateway, notifications
from server.payments.providers import NotificationReply

log = logging.getLogger(__name__)

bp = Blueprint("wechat_pay", __name__, url_prefix=gateway.NOTIFY_PREFIX)
csrf.exempt(bp)  # signed by WeChat Pay; no browser session to protect
MAX_BODY_BYTES = 64 * 1024


def _send(reply: NotificationReply) -> Response:
    return Response(reply.body, status=reply.status, content_type=reply.content_type)


def _failure(message: str, *, temporary: bool) -> Response:
    """The configured provider's failure reply; v3's shape when there is no provider to ask."""
    try:
        return _send(gateway.provider().failure_reply(message, temporary=temporary))
    except Exception:  # no (or a broken) WeChat Pay configuration: still a WeChat-shaped answer
        log.exception("WeChat Pay provider unavailable while answering a refusal")
        body = json.dumps({"code": "FAIL", "message": message}, ensure_ascii=False)
        return Response(body, status=500 if temporary else 400, content_type="application/json")


def _http(error: HTTPException) -> Response:
    response = _failure((error.name or "error").upper().replace(" ", "_"), temporary=(error.code or 500) >= 500)
    response.status_code = error.code or 500
    return response


SHAPE = ErrorShape(domain=lambda error: _failure(error.code, temporary=error.status >= 500),
                   http=_http, unexpected=lambda: _failure("SYSTEM_ERROR", temporary=True))


def _provider_named(name: str) -> None:
    if name != gateway.provider().name:
        abort(404)
    if (request.content_length or 0) > MAX_BODY_BYTES:
        abort(413)


@bp.post("/<name>/payment")
def payment(name: str):
    _provider_named(name)
    return _send(notifications.receive_payment(request.headers, request.get_data(cache=False), client_ip()))


@bp.post("/<name>/refund")
def refund(name: str):
    _provider_named(name)
    return _send(notifications.receive_refund(request.headers, request.get_data(cache=False), client_ip()))


def init_payment_notifications(app: Flask) -> None:
    answer_errors(bp.url_prefix, SHAPE)
    app.register_blueprint(bp)

