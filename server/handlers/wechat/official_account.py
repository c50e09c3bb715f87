"""/wechat/official-account: the official account's callback URL (消息推送).

GET answers WeChat's URL verification. POST takes a push, checks that WeChat signed it, hands it
to the MessageHandler given at registration (once, however often WeChat delivers it), and answers
in the push's own mode and format: a reply, or "success" when there is nothing to say.
"""
from __future__ import annotations

import logging
import time

from flask import Blueprint, Flask, Response, abort, current_app, request

from server import clock
from server.extensions import csrf
from server.handlers.errors import PLAIN_TEXT, answer_errors
from server.network import client_ip
from server.outside import official_account_protocol, official_account_seen_store
from server.wechat.official_account import (
    CallbackProtocol,
    CallbackRefused,
    HelpMenuHandler,
    InboundMessage,
    MessageHandler,
    dedup_key,
    dispatch,
)

logger = logging.getLogger(__name__)

bp = Blueprint("wechat_official_account", __name__, url_prefix="/wechat/official-account")
csrf.exempt(bp)  # WeChat's servers sign their pushes; there is no browser session to protect
answer_errors(bp.url_prefix, PLAIN_TEXT)

HANDLER = "wechat_oa_handler"
MAX_BODY_BYTES = 64 * 1024  # a push is a few hundred bytes
# WeChat gives up after 5 s and delivers again; a handler this slow needs its work moved out.
SLOW_SECONDS = 4.0


def init_official_account(app: Flask, handler: MessageHandler | None = None) -> None:
    """Register the endpoint; `handler` answers the pushes (the help menu when None)."""
    app.extensions[HANDLER] = handler or HelpMenuHandler()
    app.register_blueprint(bp)


def set_message_handler(app: Flask, handler: MessageHandler) -> MessageHandler:
    """Replace the handler of a registered endpoint; returns the one it replaced."""
    previous = app.extensions[HANDLER]
    app.extensions[HANDLER] = handler
    return previous


def _protocol() -> CallbackProtocol:
    protocol = official_account_protocol()
    if protocol is None:
        logger.warning("official-account push from %s, but WECHAT_OA_TOKEN is not set", client_ip())
        abort(404)
    return protocol


def _refused(error: CallbackRefused) -> Response:
    logger.warning("official-account callback from %s refused: %s", client_ip(), error.reason)
    return Response("forbidden" if error.status == 403 else "bad request", status=error.status,
                    mimetype="text/plain")


@bp.get("")
def verify():
    try:
        echostr = _protocol().verify_url(request.args)
    except CallbackRefused as error:
        return _refused(error)
    return Response(echostr, mimetype="text/plain")


@bp.post("")
def receive():
    protocol = _protocol()
    if (request.content_length or 0) > MAX_BODY_BYTES:
        abort(413)
    started = time.monotonic()
    try:
        inbound = protocol.read(request.args, request.get_data(cache=False), clock.now().timestamp())
    except CallbackRefused as error:
        return _refused(error)
    text = _handle_once(inbound.message)
    reply = protocol.reply(inbound, text, clock.now().timestamp())
    elapsed = time.monotonic() - started
    if elapsed > SLOW_SECONDS:
        logger.warning("official-account push (%s) took %.1f s; WeChat waits 5 s",
                       inbound.message.event or inbound.message.kind, elapsed)
    return Response(reply.body, mimetype=reply.mimetype)


def _handle_once(message: InboundMessage) -> str | None:
    """The handler's reply to the first delivery; the same reply to WeChat's retries."""
    store = official_account_seen_store()
    key = dedup_key(message)
    if store.seen_before(key):
        logger.info("official-account push delivered again (%s); answering as the first time",
                    message.event or message.kind)
        return store.remembered_reply(key)
    try:
        text = dispatch(current_app.extensions[HANDLER], message)
    except Exception:
        store.forget(key)  # nothing was answered: let WeChat's retry try again
        raise
    if text:
        store.remember_reply(key, text)
    return text
