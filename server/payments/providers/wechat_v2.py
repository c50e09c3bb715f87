"""WeChat Pay API v2 through wechatpy's pay module, for merchants still on a v2 key.

wechatpy builds and signs the requests (unifiedorder, orderquery, closeorder, refund,
refundquery, downloadbill). A WeChatPay subclass changes what wechatpy gets wrong for a server:
every request is signed with HMAC-SHA256, replies are parsed with our safe XML reader and their
signatures checked (wechatpy checks none), errors become ProviderUnavailable / ProviderRefused,
and the base URL is configurable (the sandbox). Notifications are verified here, in constant time,
for both sign types (wechatpy's parser knows MD5 only and fails on entities with a bare ValueError).

v2 notifications carry no timestamp: a replayed genuine notification verifies, and the domain's
idempotent confirmation (by `notice_id` / out_trade_no) is what makes it harmless.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import requests
from wechatpy.exceptions import WeChatPayException
from wechatpy.pay import WeChatPay

from server import clock
from server.payments.providers import v2_signing, v2_xml
from server.payments.providers.base import (
    REFUSAL_ORDER_CLOSED,
    REFUSAL_ORDER_NOT_EXIST,
    REFUSAL_REFUND_NOT_EXIST,
    TRADE_STATES,
    BillRow,
    JsapiParams,
    NotificationRejected,
    NotificationReply,
    OrderRequest,
    PaymentNotice,
    ProviderRefund,
    ProviderRefused,
    ProviderTrade,
    ProviderUnavailable,
    RefundNotice,
)
from server.payments.providers.bills import parse as parse_bill
from server.payments.providers.formats import beijing_compact, beijing_dashed, fen
from server.payments.providers.refusals import refusal_or_outage

API_BASE_URL = "https://api.mch.weixin.qq.com/"
SIGN_TYPE = v2_signing.HMAC_SHA256
REPLY_MAX_BYTES = 256 * 1024
UNKNOWN_CLIENT_IP = "127.0.0.1"
# v2 spells refund states its own way.
_REFUND_STATES = {"SUCCESS": "SUCCESS", "PROCESSING": "PROCESSING", "REFUNDCLOSE": "CLOSED",
                  "CHANGE": "ABNORMAL"}
_NO_BILL_MESSAGES = frozenset({"No Bill Exist"})


class _Client(WeChatPay):
    """wechatpy's WeChatPay with HMAC-SHA256 requests, checked replies and our error types."""

    def __init__(self, *, app_id: str, api_key: str, mch_id: str, client_cert: str | None,
                 client_key: str | None, timeout: float, api_base_url: str) -> None:
        super().__init__(app_id, api_key, mch_id, mch_cert=client_cert, mch_key=client_key,
                         timeout=timeout)
        self.API_BASE_URL = api_base_url

    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any) -> Any:
        if isinstance(kwargs.get("data"), dict):
            kwargs["data"]["sign_type"] = SIGN_TYPE
        try:
            return super()._request(method, url_or_endpoint, **kwargs)
        except requests.RequestException as error:
            raise ProviderUnavailable(f"WeChat Pay unreachable ({type(error).__name__})") from None
        except WeChatPayException as error:  # wechatpy's wrapper for an HTTP error status
            status = getattr(error.response, "status_code", None)
            raise ProviderUnavailable(f"WeChat Pay answered HTTP {status}") from None

    def _handle_result(self, res: requests.Response) -> dict[str, str] | str:
        """Checked fields of an XML reply, or the text of a bill (the one non-XML reply)."""
        body = res.content
        if not body.lstrip().startswith(b"<"):
            return body.decode("utf-8-sig", errors="replace")
        try:
            fields = v2_xml.parse(body, max_bytes=REPLY_MAX_BYTES)
        except v2_xml.MalformedXml as error:
            raise ProviderUnavailable(f"unreadable WeChat Pay reply ({error})") from None
        if fields.get("return_code") != "SUCCESS":
            raise ProviderRefused(fields.get("error_code") or "FAIL", fields.get("return_msg", ""))
        if not v2_signing.verify(fields, self.api_key, SIGN_TYPE):
            raise ProviderUnavailable("WeChat Pay reply signature invalid")
        if fields.get("result_code") != "SUCCESS":
            raise refusal_or_outage(fields.get("err_code") or "FAIL", fields.get("err_code_des", ""))
        return fields


class WeChatPayV2:
    """PaymentProvider for API v2. Build it with `server.payments.build_payment_provider`.

    Refunds need the merchant's API client certificate (apiclient_cert.pem / apiclient_key.pem);
    wechatpy sends it on every request when both paths are given."""

    name = "wechat_v2"

    def __init__(self, *, mch_id: str, app_id: str, api_key: str, client_cert_path: str | None,
                 client_key_path: str | None, api_base_url: str | None = None,
                 timeout: float = 5.0, clock_now: Callable[[], datetime] = clock.now) -> None:
        self.mch_id, self.app_id = mch_id, app_id
        self._key = api_key
        self._now = clock_now
        base = (api_base_url or API_BASE_URL).rstrip("/") + "/"
        self._client = _Client(app_id=app_id, api_key=api_key, mch_id=mch_id,
                               client_cert=client_cert_path, client_key=client_key_path,
                               timeout=timeout, api_base_url=base)

    def __repr__(self) -> str:  # never the key
        return f"WeChatPayV2(mch_id={self.mch_id!r}, base={self._client.API_BASE_URL!r})"

    # -- orders -------------------------------------------------------------------------------

    def create_jsapi(self, order: OrderRequest) -> JsapiParams:
        if not order.payer_openid:
            raise ValueError("JSAPI needs the payer's openid")
        prepay_id = self._open(order, "JSAPI", user_id=order.payer_openid)["prepay_id"]
        params = {"appId": self.app_id, "timeStamp": str(int(self._now().timestamp())),
                  "nonceStr": secrets.token_hex(16), "package": f"prepay_id={prepay_id}",
                  "signType": SIGN_TYPE}
        return JsapiParams(app_id=self.app_id, time_stamp=params["timeStamp"],
                           nonce_str=params["nonceStr"], package=params["package"],
                           sign_type=SIGN_TYPE, pay_sign=v2_signing.sign(params, self._key, SIGN_TYPE))

    def create_native(self, order: OrderRequest) -> str:
        return self._open(order, "NATIVE", product_id=order.out_trade_no)["code_url"]

    def _open(self, order: OrderRequest, trade_type: str, **extra: Any) -> dict[str, str]:
        reply = _xml_reply(self._client.order.create(
            trade_type=trade_type, body=order.description, total_fee=order.amount_fen,
            notify_url=order.notify_url, client_ip=order.client_ip or UNKNOWN_CLIENT_IP,
            out_trade_no=order.out_trade_no, attach=order.attach,
            time_expire=clock.beijing(order.expires_at), **extra))
        key = "prepay_id" if trade_type == "JSAPI" else "code_url"
        if not reply.get(key):
            raise ProviderUnavailable(f"WeChat Pay reply without {key}")
        return reply

    def query(self, out_trade_no: str) -> ProviderTrade:
        fields = _xml_reply(self._client.order.query(out_trade_no=out_trade_no))
        return _readable(_trade, fields, ProviderUnavailable)

    def close(self, out_trade_no: str) -> None:
        try:
            _xml_reply(self._client.order.close(out_trade_no))
        except ProviderRefused as refused:
            if refused.code not in (REFUSAL_ORDER_CLOSED, REFUSAL_ORDER_NOT_EXIST):
                raise

    # -- refunds ------------------------------------------------------------------------------

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int,
               reason: str, notify_url: str) -> ProviderRefund:
        fields = _xml_reply(self._client.refund.apply(
            total_fee=total_fen, refund_fee=refund_fen, out_refund_no=out_refund_no,
            out_trade_no=out_trade_no, refund_desc=reason or None, notify_url=notify_url))
        return _readable(lambda f: ProviderRefund(
            out_refund_no=f["out_refund_no"], out_trade_no=f["out_trade_no"], state="PROCESSING",
            refund_fen=fen(f["refund_fee"]), total_fen=fen(f["total_fee"]),
            refund_id=f.get("refund_id"), transaction_id=f.get("transaction_id")),
            fields, ProviderUnavailable)

    def query_refund(self, out_refund_no: str) -> ProviderRefund:
        fields = _xml_reply(self._client.refund.query(out_refund_no=out_refund_no))
        return _readable(_refund_from_query, (fields, out_refund_no), ProviderUnavailable)

    # -- notifications ------------------------------------------------------------------------

    def _fields(self, headers: Mapping[str, str], body: bytes) -> dict[str, str]:
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        if "xml" not in content_type:
            raise NotificationRejected("content type is not XML")
        try:
            fields = v2_xml.parse(body)
        except v2_xml.MalformedXml as error:
            raise NotificationRejected(str(error)) from None
        if fields.get("return_code") != "SUCCESS":
            raise NotificationRejected("return_code is not SUCCESS")
        if fields.get("mch_id") != self.mch_id:
            raise NotificationRejected("notification for another merchant")
        if fields.get("appid") != self.app_id:
            raise NotificationRejected("notification for another app")
        return fields

    def parse_payment_notification(self, headers: Mapping[str, str], body: bytes) -> PaymentNotice:
        fields = self._fields(headers, body)
        if not v2_signing.verify(fields, self._key):
            raise NotificationRejected("signature invalid")
        return _readable(_payment_notice, fields, NotificationRejected)

    def parse_refund_notification(self, headers: Mapping[str, str], body: bytes) -> RefundNotice:
        fields = self._fields(headers, body)
        try:
            inner = v2_xml.parse(v2_signing.decrypt_req_info(fields.get("req_info", ""), self._key),
                                 root="root")
        except ValueError as error:  # MalformedXml is a ValueError too
            raise NotificationRejected(f"req_info refused ({error})") from None
        return _readable(lambda f: _refund_notice(f, self.mch_id), inner, NotificationRejected)

    def success_reply(self) -> NotificationReply:
        return NotificationReply(v2_xml.render({"return_code": "SUCCESS", "return_msg": "OK"}),
                                 200, "text/xml; charset=utf-8")

    def failure_reply(self, message: str, *, temporary: bool = False) -> NotificationReply:
        # v2 reads only return_code; the HTTP status stays 200 either way.
        return NotificationReply(v2_xml.render({"return_code": "FAIL", "return_msg": message}),
                                 200, "text/xml; charset=utf-8")

    # -- bills --------------------------------------------------------------------------------

    def download_bill(self, day: date) -> list[BillRow]:
        try:
            text = self._client.tools.download_bill(day)
        except ProviderRefused as refused:
            if refused.message in _NO_BILL_MESSAGES:
                return []
            raise ProviderUnavailable(f"bill not available: {refused}") from None
        if not isinstance(text, str):
            raise ProviderUnavailable("bill download answered XML")
        return _readable(parse_bill, text, ProviderUnavailable)


def _xml_reply(reply: dict[str, str] | str) -> dict[str, str]:
    """Only the bill is text; any other call answered with text got something that is not WeChat."""
    if not isinstance(reply, dict):
        raise ProviderUnavailable("WeChat Pay reply is not XML")
    return reply


def _readable(read: Callable[[Any], Any], value: Any, error: type[Exception]) -> Any:
    """Odd shapes are the sender's fault: ProviderUnavailable for replies, rejection for notices."""
    try:
        return read(value)
    except (KeyError, TypeError, ValueError) as problem:
        raise error(f"unreadable WeChat Pay data ({problem!r})") from None


def _trade(fields: dict[str, str]) -> ProviderTrade:
    state = fields["trade_state"]
    if state not in TRADE_STATES:
        raise ValueError(f"unknown trade_state {state!r}")
    return ProviderTrade(
        out_trade_no=fields["out_trade_no"], state=state,
        amount_fen=fen(fields["total_fee"]), transaction_id=fields.get("transaction_id") or None,
        paid_at=beijing_compact(fields.get("time_end")), payer_openid=fields.get("openid") or None,
        app_id=fields.get("appid"), mch_id=fields.get("mch_id"),
        trade_type=fields.get("trade_type") or None, attach=fields.get("attach") or None)


def _refund_from_query(args: tuple[dict[str, str], str]) -> ProviderRefund:
    fields, out_refund_no = args
    for index in range(int(fields.get("refund_count", "0"))):
        if fields.get(f"out_refund_no_{index}") == out_refund_no:
            return ProviderRefund(
                out_refund_no=out_refund_no, out_trade_no=fields["out_trade_no"],
                state=_REFUND_STATES[fields[f"refund_status_{index}"]],
                refund_fen=fen(fields[f"refund_fee_{index}"]), total_fen=fen(fields["total_fee"]),
                refund_id=fields.get(f"refund_id_{index}"),
                transaction_id=fields.get("transaction_id"),
                succeeded_at=beijing_dashed(fields.get(f"refund_success_time_{index}")))
    raise ProviderRefused(REFUSAL_REFUND_NOT_EXIST, "refund not in the reply")


def _payment_notice(fields: dict[str, str]) -> PaymentNotice:
    succeeded = fields.get("result_code") == "SUCCESS"
    transaction_id = fields.get("transaction_id", "")
    if succeeded and not transaction_id:
        raise ValueError("successful payment without transaction_id")
    return PaymentNotice(
        notice_id=transaction_id or f"{fields['out_trade_no']}:{fields.get('nonce_str', '')}",
        out_trade_no=fields["out_trade_no"], transaction_id=transaction_id,
        state="SUCCESS" if succeeded else "PAYERROR", amount_fen=fen(fields["total_fee"]),
        paid_at=beijing_compact(fields.get("time_end")), app_id=fields["appid"],
        mch_id=fields["mch_id"], payer_openid=fields.get("openid") or None,
        attach=fields.get("attach") or None)


def _refund_notice(inner: dict[str, str], mch_id: str) -> RefundNotice:
    state = _REFUND_STATES[inner["refund_status"]]
    return RefundNotice(
        notice_id=f"{inner['refund_id']}:{state}", out_refund_no=inner["out_refund_no"],
        out_trade_no=inner["out_trade_no"], refund_id=inner["refund_id"],
        transaction_id=inner.get("transaction_id") or None, state=state,
        refund_fen=fen(inner["refund_fee"]), total_fen=fen(inner["total_fee"]),
        succeeded_at=beijing_dashed(inner.get("success_time")), mch_id=mch_id)
