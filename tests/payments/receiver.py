"""A tiny merchant endpoint on a loopback port, for the sandbox's notifications to reach.

It hands every POST to `handle(headers, body) -> NotificationReply` (by default the provider
under test: parse, then success or failure reply) and keeps what arrived and what it decided.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from server.payments.providers import NotificationRejected, NotificationReply, PaymentProvider


@dataclass(frozen=True)
class Arrival:
    path: str
    headers: dict[str, str]
    body: bytes
    notice: object | None         # the parsed PaymentNotice / RefundNotice
    rejected: str | None          # NotificationRejected's reason


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: object) -> None:
        pass


class NotificationReceiver:
    def __init__(self) -> None:
        self.provider: PaymentProvider | None = None
        self.arrivals: list[Arrival] = []
        self._lock = threading.Condition()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True,
                                   request_handler=_Quiet)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"

    def url(self, kind: str = "payment") -> str:
        return f"{self.base_url}/notify/{kind}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _app(self, environ, start_response):
        request = Request(environ)
        headers, body = dict(request.headers), request.get_data()
        provider = self.provider
        parse: Callable = (provider.parse_refund_notification if request.path.endswith("refund")
                           else provider.parse_payment_notification)
        notice, rejected = None, None
        try:
            notice = parse(headers, body)
            reply: NotificationReply = provider.success_reply()
        except NotificationRejected as error:
            rejected = error.reason
            reply = provider.failure_reply("通知校验失败")
        with self._lock:
            self.arrivals.append(Arrival(request.path, headers, body, notice, rejected))
            self._lock.notify_all()
        response = Response(reply.body, status=reply.status, content_type=reply.content_type)
        return response(environ, start_response)

    def wait_for(self, count: int, timeout: float = 5.0) -> bool:
        """Until `count` notifications arrived (for deliveries the sandbox sends later)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self.arrivals) >= count, timeout)

    def clear(self) -> None:
        with self._lock:
            self.arrivals.clear()

    @property
    def notices(self) -> list:
        with self._lock:
            return [arrival.notice for arrival in self.arrivals if arrival.notice is not None]

    @property
    def rejections(self) -> list[str]:
        with self._lock:
            return [arrival.rejected for arrival in self.arrivals if arrival.rejected]
