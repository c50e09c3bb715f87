"""SandboxServer: the stand-in served over real HTTP from a thread, with a Python API for tests.

Real HTTP (werkzeug's make_server on a loopback port), not a test client, so the production
adapters -- wechatpy's own code, our requests-based SMS client -- run unchanged against it. Beside
it, a real SMTP server (aiosmtpd) on another loopback port receives the app's mail.
"""
from __future__ import annotations

import logging
import shutil
import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from server.sandbox.app import create_sandbox_app
from server.sandbox.context import SandboxContext
from server.sandbox.faults import FaultPlan
from server.sandbox.mail import ReceivedMail, SandboxSmtpServer
from server.sandbox.mail.mailbox import Stage
from server.sandbox.records import (
    Call,
    Code2SessionCall,
    MenuCreated,
    OfficialAccountPush,
    QrCodeCreated,
    Recorder,
    SmsMessage,
    SubscribeMessageSent,
    TemplateMessageSent,
    TokenIssue,
)
from server.sandbox.settings import SandboxSettings
from server.sandbox.wechat.common import error_body
from server.sandbox.wechat.official_account_user import OfficialAccountUser
from server.sandbox.wechat.world import LoginCode
from server.sandbox.wechat_pay import KeyFiles, NotificationDelivery, write_key_files
from server.sandbox.wechat_pay.world import SandboxOrder, SandboxRefund
from server.sms.base import SmsDeliveryError, to_e164_mainland

logger = logging.getLogger(__name__)

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class _QuietRequestHandler(WSGIRequestHandler):
    """werkzeug logs whole request lines, and WeChat puts the appsecret in the query string."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        logger.debug("%s %s %s", self.command, self.path.split("?", 1)[0], code)


class SandboxServer:
    """Start with `start()` (returns the base URL), stop with `stop()`; or use as a context manager.

    The base URL serves every HTTP stand-in: give it to the WeChat client as `api_base_url`, to the
    SMS sender as `endpoint` and to the payment provider as its base URL. While started, the
    WeChat Pay keys our config reads are files in `wechat_pay_key_files` (removed at stop).
    Mail goes to `mail_host`:`mail_port` (plain SMTP, with a login).
    """

    def __init__(self, settings: SandboxSettings | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, mail_port: int = 0) -> None:
        if host not in LOOPBACK:
            raise ValueError("the sandbox listens on loopback only (it has no authentication)")
        self.settings = settings or SandboxSettings.generate()
        self.context = SandboxContext(self.settings)
        self.app = create_sandbox_app(self.context)
        self._host, self._port = host, port
        self._smtp = SandboxSmtpServer(self.context.mailbox, username=self.settings.mail_username,
                                       password=self.settings.mail_password,
                                       clock=self.context.clock, host=host, port=mail_port)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url: str | None = None
        self.wechat_pay_key_files: KeyFiles | None = None

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> str:
        if self._server is not None:
            raise RuntimeError("sandbox already started")
        self._server = make_server(self._host, self._port, self.app, threaded=True,
                                   request_handler=_QuietRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="sandbox-server", daemon=True)
        self._thread.start()
        host = f"[{self._host}]" if ":" in self._host else self._host
        self.base_url = f"http://{host}:{self._server.server_port}/"
        self._smtp.start()
        self.wechat_pay_key_files = write_key_files(self.settings.wechat_pay)
        logger.info("Sandbox (WeChat, WeChat Pay and Tencent Cloud SMS stand-in) listening at %s, SMTP on port %s",
                    self.base_url, self._smtp.port)
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self.context.faults.clear()  # wake delayed requests so their threads end
        self._smtp.stop()
        self.context.wechat_pay.deliverer.reset()  # and delayed notifications, unsent
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
        self.base_url = None
        if self.wechat_pay_key_files is not None:
            shutil.rmtree(self.wechat_pay_key_files.directory, ignore_errors=True)
            self.wechat_pay_key_files = None

    def __enter__(self) -> "SandboxServer":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def wechat_api_base_url(self) -> str:
        return self._started_url()

    @property
    def sms_endpoint(self) -> str:
        return self._started_url()

    @property
    def mail_host(self) -> str:
        return self._smtp.host

    @property
    def mail_port(self) -> int:
        """The SMTP port (stays the same across mail_down / mail_up)."""
        self._started_url()
        return self._smtp.port

    def _started_url(self) -> str:
        if self.base_url is None:
            raise RuntimeError("sandbox not started")
        return self.base_url

    @property
    def recorder(self) -> Recorder:
        """Everything the stand-ins were sent (also offered below as plain lists)."""
        return self.context.recorder

    @property
    def faults(self) -> FaultPlan:
        """The fault plan (fail_next / delay_next / clear), also offered below as methods."""
        return self.context.faults

    # -- playing the user's side, and faults ------------------------------------------

    def reset(self) -> None:
        """A clean slate: also no mail, no planned refusals, and the SMTP server up."""
        self.context.reset()
        if self.base_url is not None:
            self._smtp.start()

    def mint_login_code(self, openid: str | None = None, unionid: str | None = None) -> LoginCode:
        """wx.login(): a fresh single-use code for `openid` (a new user when None)."""
        return self.context.wechat.mint_login_code(openid, unionid)

    def invalidate_tokens(self) -> None:
        """Every access token issued so far answers 40001 from now on."""
        self.context.wechat.invalidate_tokens()

    def expire_tokens(self) -> None:
        """Every access token issued so far answers 42001 from now on."""
        self.context.wechat.expire_tokens()

    def issue_broken_tokens(self, enabled: bool = True) -> None:
        """While on, /cgi-bin/token issues tokens every API call rejects with 40001."""
        self.context.wechat.set_broken_tokens(enabled)

    def pay(self, out_trade_no: str, *, copies: int = 1, delay_seconds: float = 0.0,
            corrupt_signature: bool = False, notified_amount_fen: int | None = None,
            notify: bool = True, even_if_closed: bool = False) -> list[NotificationDelivery]:
        """The user paid: the order is SUCCESS at once and its signed notification is POSTed to
        its notify_url `copies` times concurrently; returns what each POST got back (nothing when
        delayed or `notify` is off). See WeChatPayStandIn.pay for the options."""
        return self.context.wechat_pay.pay(
            out_trade_no, copies=copies, delay_seconds=delay_seconds,
            corrupt_signature=corrupt_signature, notified_amount_fen=notified_amount_fen,
            notify=notify, even_if_closed=even_if_closed)

    def notify_payment_again(self, out_trade_no: str, *, copies: int = 1) -> list[NotificationDelivery]:
        """WeChat resends a paid order's notification (it does until acknowledged)."""
        return self.context.wechat_pay.notify_payment_again(out_trade_no, copies=copies)

    def finish_refund(self, out_refund_no: str, *, state: str = "SUCCESS", copies: int = 1,
                      delay_seconds: float = 0.0, corrupt_signature: bool = False,
                      notify: bool = True) -> list[NotificationDelivery]:
        """A PROCESSING refund completes (or fails) and its notification is sent."""
        return self.context.wechat_pay.finish_refund(
            out_refund_no, state=state, copies=copies, delay_seconds=delay_seconds,
            corrupt_signature=corrupt_signature, notify=notify)

    def wechat_pay_order(self, out_trade_no: str) -> SandboxOrder:
        """The order as WeChat Pay holds it (raises the sandbox's Refusal when unknown)."""
        return self.context.wechat_pay.world.order(out_trade_no)

    def wechat_pay_refund(self, out_refund_no: str) -> SandboxRefund:
        return self.context.wechat_pay.world.refund_record(out_refund_no)

    @property
    def wechat_pay_notifications(self) -> list[NotificationDelivery]:
        """Every payment/refund notification sent since the last reset, with its answer."""
        return self.context.wechat_pay.deliveries

    def fail_next(self, path: str, times: int = 1, *, status: int = 500,
                  body: dict[str, Any] | None = None) -> None:
        """The next `times` requests to `path` answer `status` (with `body` as JSON if given)."""
        self.context.faults.fail_next(path, times, status=status, body=body)

    def delay_next(self, path: str, seconds: float, times: int = 1) -> None:
        """The next `times` requests to `path` answer `seconds` late (to trip client timeouts)."""
        self.context.faults.delay_next(path, seconds, times)

    def hang_next(self, path: str, times: int = 1, seconds: float = 60.0) -> None:
        """The next `times` requests to `path` hang until faults are cleared (or `seconds`), then
        are dropped unhandled: a WeChat that never got them (compare delay_next: handled late)."""
        self.context.faults.hang_next(path, times, seconds)

    def garbage_next(self, path: str, times: int = 1, **options: Any) -> None:
        """The next `times` requests to `path` get a reply that is not the protocol (by default a
        gateway's HTML page with a 200); see FaultPlan.garbage_next."""
        self.context.faults.garbage_next(path, times, **options)

    def mail_fail_next(self, code: int, times: int = 1, *, stage: Stage = "rcpt") -> None:
        """The next `times` messages are refused with SMTP reply `code` (4xx or 5xx) at RCPT TO
        (a refused recipient) or, with stage="data", after their content was sent."""
        self.context.mailbox.fail_next(code, times, stage)

    def mail_down(self) -> None:
        """Stop the SMTP server: senders get "connection refused" until mail_up() or reset()."""
        self._smtp.stop()

    def mail_up(self) -> None:
        self._smtp.start()
    def register_sms_template(self, template_id: str, text: str) -> None:
        """A template "approved in Tencent's console": `text` with {1}, {2}, ...; its messages must
        carry that many parameters and show as the text (kept across resets)."""
        self.context.sms_templates.register(template_id, text)

    def sms_text(self, message: SmsMessage) -> str | None:
        """The SMS as the phone shows it, when its template was registered."""
        return self.context.sms_templates.render(message.template_id, message.params)

    def fail_wechat_next(self, path: str, errcode: int, times: int = 1) -> None:
        """The next `times` requests to `path` get WeChat's {errcode, errmsg} (HTTP 200), e.g.
        43101 (user refused), 40037 (bad template), 45009 (daily quota), -1 (busy)."""
        self.context.faults.fail_next(path, times, status=200, body=error_body(errcode))

    # -- WeChat users: subscribe grants, official-account followers and their pushes -------

    def grant_subscribe_message(self, openid: str, template_id: str, times: int = 1) -> int:
        """The mini-program user accepted wx.requestSubscribeMessage for `template_id` (`times`
        messages); returns how many they now hold. Without one, subscribeMessage.send is 43101."""
        return self.context.wechat.grant_subscription(openid, template_id, times)

    def add_follower(self, openid: str | None = None, unionid: str | None = None) -> str:
        """An official-account follower (new when None), as if they followed long ago: no push.
        With `unionid`, user/info reports it (the two WeChat faces of one person)."""
        openid = openid or self.context.wechat.new_follower_openid()
        self.context.wechat.follow(openid, unionid)
        return openid

    def set_official_account_url(self, url: str | None) -> None:
        """Our callback URL, where the official account's pushes go (kept across resets)."""
        self.context.wechat.official_account_url = url

    @property
    def official_account(self) -> OfficialAccountUser:
        """The user's side: text(openid, content), subscribe(openid, scene=, ticket=),
        scan(openid, scene=, ticket=), scan_qr(openid, ticket), click(openid, key),
        unsubscribe(openid), redeliver(push); each takes mode="safe"|"plain", format="xml"|"json"
        and returns the OfficialAccountPush with our reply decrypted."""
        return self.context.official_account

    # -- what was recorded ------------------------------------------------------------

    @property
    def mails(self) -> list[ReceivedMail]:
        """Every message the SMTP server accepted, oldest first, parsed (subject, parts, files)."""
        return self.context.mailbox.mails

    @property
    def token_requests(self) -> list[TokenIssue]:
        return self.context.recorder.token_requests

    @property
    def code2session_calls(self) -> list[Code2SessionCall]:
        return self.context.recorder.code2session_calls

    @property
    def sms_messages(self) -> list[SmsMessage]:
        return self.context.recorder.sms_messages

    @property
    def subscribe_messages(self) -> list[SubscribeMessageSent]:
        return self.context.recorder.of(SubscribeMessageSent)

    @property
    def template_messages(self) -> list[TemplateMessageSent]:
        return self.context.recorder.of(TemplateMessageSent)

    def wechat_messages(self, openid: str | None = None) -> list[SubscribeMessageSent | TemplateMessageSent]:
        """Subscribe and template messages sent (to `openid` only, when given), oldest first."""
        return [message for message in self.context.recorder.wechat_messages
                if openid is None or message.touser == openid]

    @property
    def qr_codes(self) -> list[QrCodeCreated]:
        return self.context.recorder.of(QrCodeCreated)

    @property
    def menus(self) -> list[MenuCreated]:
        return self.context.recorder.of(MenuCreated)

    @property
    def official_account_pushes(self) -> list[OfficialAccountPush]:
        return self.context.recorder.of(OfficialAccountPush)

    def calls(self, path: str | None = None) -> list[Call]:
        calls = self.context.recorder.calls
        return calls if path is None else [call for call in calls if call.path == path]

    def last_sms_code(self, phone: str) -> str | None:
        """The code in the newest SMS to `phone` (any common spelling of the number)."""
        try:
            number = to_e164_mainland(phone)
        except SmsDeliveryError:
            return None
        for message in reversed(self.sms_messages):
            if message.phone == number:
                return message.code
        return None
