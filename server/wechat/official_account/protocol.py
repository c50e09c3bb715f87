"""The official account's callback protocol (消息推送): URL verification, signed pushes in plain or
safe (AES) mode, XML or JSON bodies, and replies in the form the push came in.

Signatures and the AES envelope are wechatpy's (`check_signature`, `WeChatCrypto`); this module
decides which applies, checks that a push is fresh, and turns every way a request can be wrong
into a CallbackRefused that the endpoint answers with 403 (not from WeChat) or 400 (unreadable).
"""
from __future__ import annotations

import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from xml.parsers.expat import ExpatError

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import create_reply
from wechatpy.utils import check_signature

from server.wechat.official_account.messages import InboundMessage, MalformedMessage, parse_body

XML, JSON = "xml", "json"
# Nothing to say: WeChat wants "success" (or an empty body), never encrypted.
NOTHING_TO_SAY = "success"
# A push older or newer than this is refused: a replayed capture, or a clock badly off. It is
# shorter than the dedup window (dedup.py), so a replay inside it is answered from there.
FRESHNESS_SECONDS = 300


class CallbackRefused(Exception):
    """`reason` is for the log (English, no secrets); `status` is what the endpoint answers."""

    status = 400

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ForgedRequest(CallbackRefused):
    status = 403


class MalformedRequest(CallbackRefused):
    status = 400


@dataclass(frozen=True)
class Envelope:
    encrypted: bool
    format: str  # XML or JSON
    nonce: str


@dataclass(frozen=True)
class InboundRequest:
    message: InboundMessage
    envelope: Envelope


@dataclass(frozen=True)
class Reply:
    body: str
    mimetype: str


class CallbackProtocol:
    """One official account's side of the protocol: its token, appid and EncodingAESKey (None
    when the account is in plain mode only)."""

    def __init__(self, token: str, appid: str, encoding_aes_key: str | None = None, *,
                 freshness_seconds: int = FRESHNESS_SECONDS) -> None:
        if not token:
            raise ValueError("the official account's token is required")
        self._token = token
        self._crypto = WeChatCrypto(token, encoding_aes_key, appid) if encoding_aes_key else None
        self._freshness = freshness_seconds

    # -- requests ----------------------------------------------------------------------------

    def verify_url(self, args: Mapping[str, str]) -> str:
        """GET ?signature&timestamp&nonce&echostr → the echostr to answer, if WeChat signed it."""
        self._check_signature(args)
        echostr = args.get("echostr")
        if not echostr:
            raise MalformedRequest("echostr missing")
        return echostr

    def read(self, args: Mapping[str, str], body: bytes, now: float) -> InboundRequest:
        """A POST push → its message and how to answer it. `now` is the current Unix time."""
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        encrypted = args.get("encrypt_type") == "aes"
        if encrypted:
            text = self._decrypt(args, body)
        else:
            self._check_signature(args)
            text = _text(body)
        if not timestamp.isdigit() or abs(now - int(timestamp)) > self._freshness:
            raise ForgedRequest(f"timestamp not within {self._freshness} s of our clock")
        try:
            message = parse_body(text)
        except MalformedMessage as error:
            raise MalformedRequest(str(error)) from None
        return InboundRequest(message, Envelope(encrypted, _format_of(body), nonce))

    def _check_signature(self, args: Mapping[str, str]) -> None:
        try:
            check_signature(self._token, args.get("signature", ""), args.get("timestamp", ""),
                            args.get("nonce", ""))
        except InvalidSignatureException:
            raise ForgedRequest("signature does not match") from None

    def _decrypt(self, args: Mapping[str, str], body: bytes) -> str:
        if self._crypto is None:
            raise ForgedRequest("safe-mode push, but no EncodingAESKey is configured")
        envelope = _envelope_fields(body)
        if not isinstance(envelope.get("Encrypt"), str):
            raise MalformedRequest("safe-mode push without Encrypt")
        try:
            return self._crypto.decrypt_message(envelope, args.get("msg_signature", ""),
                                                args.get("timestamp", ""), args.get("nonce", ""))
        except InvalidSignatureException:
            raise ForgedRequest("msg_signature does not match") from None
        except InvalidAppIdException:
            raise ForgedRequest("encrypted for another appid") from None
        except (ValueError, binascii.Error, UnicodeDecodeError, IndexError):
            raise MalformedRequest("Encrypt does not decrypt") from None

    # -- replies -----------------------------------------------------------------------------

    def reply(self, request: InboundRequest, text: str | None, now: float) -> Reply:
        """A text reply to `request` in its own mode and format; "success" when `text` is empty."""
        if not text:
            return Reply(NOTHING_TO_SAY, "text/plain")
        message, envelope = request.message, request.envelope
        if envelope.format == JSON:
            plain = json.dumps({"ToUserName": message.from_openid, "FromUserName": message.to,
                                "CreateTime": int(now), "MsgType": "text", "Content": text},
                               ensure_ascii=False)
        else:
            reply = create_reply(text, message=message.wechatpy)
            reply.time = int(now)
            plain = reply.render()
        body = self.seal(plain, envelope, int(now)) if envelope.encrypted else plain
        return Reply(body, "application/json" if envelope.format == JSON else "application/xml")

    def seal(self, plain: str, envelope: Envelope, timestamp: int) -> str:
        """`plain` encrypted and signed into the envelope WeChat expects (its XML, or the JSON
        form {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"})."""
        if self._crypto is None:
            raise ValueError("no EncodingAESKey is configured")
        xml = self._crypto.encrypt_message(plain, envelope.nonce, str(timestamp))
        if envelope.format == XML:
            return xml
        fields = xmltodict.parse(xml)["xml"]
        return json.dumps({"Encrypt": fields["Encrypt"], "MsgSignature": fields["MsgSignature"],
                           "TimeStamp": int(fields["TimeStamp"]), "Nonce": fields["Nonce"]})


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("body is not UTF-8") from None


def _format_of(body: bytes) -> str:
    return JSON if body.lstrip().startswith(b"{") else XML


def _envelope_fields(body: bytes) -> dict:
    """The outer {ToUserName, Encrypt} of a safe-mode push, XML or JSON."""
    text = _text(body)
    try:
        if _format_of(body) == JSON:
            fields = json.loads(text)
        else:
            fields = (xmltodict.parse(text) or {}).get("xml")
    except (ValueError, ExpatError):
        raise MalformedRequest("unreadable safe-mode envelope") from None
    if not isinstance(fields, dict):
        raise MalformedRequest("unreadable safe-mode envelope")
    return fields

