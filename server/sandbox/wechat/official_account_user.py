"""The user's side of the official account: what WeChat pushes to our callback URL when someone
sends a text, follows (perhaps by scanning a parameterised QR code), scans, clicks the menu or
leaves, signed (and, in safe mode, encrypted) as WeChat does, in XML or JSON; and our answer,
checked and decrypted as WeChat would.
"""
from __future__ import annotations

import json
import secrets
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import requests

from server.sandbox.records import OfficialAccountPush
from server.sandbox.wechat import message_crypto

if TYPE_CHECKING:
    from server.sandbox.context import SandboxContext

SAFE, PLAIN = "safe", "plain"
MODES = (SAFE, PLAIN)
FORMATS = ("xml", "json")
# WeChat waits this long for an answer, then gives up (and delivers again).
REPLY_WAIT_SECONDS = 5.0
NOTHING_TO_SAY = ("", "success")


class PushRefused(ValueError):
    """The push cannot be made as asked (no callback URL, an unknown ticket, a bad option)."""


def to_xml(fields: dict[str, Any]) -> str:
    """WeChat's XML: strings in CDATA, numbers bare."""
    nodes = []
    for name, value in fields.items():
        if isinstance(value, int):
            nodes.append(f"<{name}>{value}</{name}>")
        else:
            text = str(value).replace("]]>", "]]]]><![CDATA[>")
            nodes.append(f"<{name}><![CDATA[{text}]]></{name}>")
    return "<xml>" + "".join(nodes) + "</xml>"


def read_fields(text: str, format: str) -> dict[str, Any]:
    """An XML or JSON body → its fields; ValueError if it is neither."""
    if format == "json":
        fields = json.loads(text)
        if not isinstance(fields, dict):
            raise ValueError("not a JSON object")
        return fields
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise ValueError(f"not XML: {error}") from None
    return {child.tag: child.text or "" for child in root}


class OfficialAccountUser:
    def __init__(self, context: "SandboxContext") -> None:
        self._context = context

    @property
    def _settings(self):
        return self._context.settings

    # -- what a user does -------------------------------------------------------------------

    def text(self, openid: str, content: str, **options: str) -> OfficialAccountPush:
        return self.push(openid, {"MsgType": "text", "Content": content,
                                  "MsgId": self._context.wechat.new_msg_id()}, **options)

    def subscribe(self, openid: str, scene: str | None = None, ticket: str | None = None,
                  unionid: str | None = None, **options: str) -> OfficialAccountPush:
        """Follow the account: plainly, or by a parameterised QR code (its `ticket`, or a bare
        `scene`), which WeChat reports as EventKey `qrscene_<scene>`. `unionid`: the follower's,
        which user/info then reports (the push itself never carries it)."""
        scene = self._scene_of(ticket) if ticket else scene
        fields: dict[str, Any] = {"MsgType": "event", "Event": "subscribe"}
        if scene is not None:
            fields["EventKey"] = f"qrscene_{scene}"
            if ticket:
                fields["Ticket"] = ticket
        self._context.wechat.follow(openid, unionid)
        return self.push(openid, fields, **options)

    def scan(self, openid: str, scene: str | None = None, ticket: str | None = None,
             **options: str) -> OfficialAccountPush:
        """A follower scans a parameterised QR code: a SCAN event with the bare scene."""
        scene = self._scene_of(ticket) if ticket else scene
        if scene is None:
            raise PushRefused("扫码（SCAN）需要 ticket 或场景值")
        fields: dict[str, Any] = {"MsgType": "event", "Event": "SCAN", "EventKey": scene}
        if ticket:
            fields["Ticket"] = ticket
        return self.push(openid, fields, **options)

    def scan_qr(self, openid: str, ticket: str, **options: str) -> OfficialAccountPush:
        """Scan a QR code as WeChat reports it: a follow with the scene if `openid` does not
        follow yet, a SCAN if it does."""
        if self._context.wechat.is_follower(openid):
            return self.scan(openid, ticket=ticket, **options)
        return self.subscribe(openid, ticket=ticket, **options)

    def click(self, openid: str, key: str, **options: str) -> OfficialAccountPush:
        return self.push(openid, {"MsgType": "event", "Event": "CLICK", "EventKey": key}, **options)

    def unsubscribe(self, openid: str, **options: str) -> OfficialAccountPush:
        self._context.wechat.unfollow(openid)
        return self.push(openid, {"MsgType": "event", "Event": "unsubscribe", "EventKey": ""},
                         **options)

    def redeliver(self, earlier: OfficialAccountPush) -> OfficialAccountPush:
        """WeChat's retry: the same message again (same MsgId or CreateTime), freshly signed."""
        return self._send(earlier.openid, dict(earlier.fields), mode=earlier.mode,
                          format=earlier.format)

    def _scene_of(self, ticket: str) -> str:
        found = self._context.wechat.live_ticket(ticket)
        if found is None:
            raise PushRefused("二维码 ticket 不存在或已过期")
        return found.scene

    # -- the push itself ----------------------------------------------------------------------

    def push(self, openid: str, fields: dict[str, Any], *, mode: str = SAFE,
             format: str = "xml") -> OfficialAccountPush:
        """`fields` from `openid` to the official account, delivered to the callback URL."""
        message = {"ToUserName": self._settings.oa_original_id, "FromUserName": openid,
                   "CreateTime": int(self._context.clock()), **fields}
        return self._send(openid, message, mode=mode, format=format)

    def _send(self, openid: str, message: dict[str, Any], *, mode: str, format: str) -> OfficialAccountPush:
        if mode not in MODES:
            raise PushRefused(f"mode 须为 {'、'.join(MODES)} 之一")
        if format not in FORMATS:
            raise PushRefused(f"format 须为 {'、'.join(FORMATS)} 之一")
        url = self._context.wechat.official_account_url
        if not url:
            raise PushRefused("未设置公众号的服务器地址（URL）")
        settings = self._settings
        timestamp, nonce = str(int(self._context.clock())), str(secrets.randbelow(10**10))
        plain = json.dumps(message, ensure_ascii=False) if format == "json" else to_xml(message)
        params = {"signature": message_crypto.signature(settings.oa_token, timestamp, nonce),
                  "timestamp": timestamp, "nonce": nonce, "openid": openid}
        body = plain
        if mode == SAFE:
            encrypted = message_crypto.encrypt(plain, encoding_aes_key=settings.oa_encoding_aes_key,
                                               appid=settings.oa_appid)
            envelope = {"ToUserName": settings.oa_original_id, "Encrypt": encrypted}
            body = json.dumps(envelope) if format == "json" else to_xml(envelope)
            params.update(encrypt_type="aes", msg_signature=message_crypto.signature(
                settings.oa_token, timestamp, nonce, encrypted))
        content_type = "application/json" if format == "json" else "text/xml"
        status, answer, error = None, "", None
        try:
            response = requests.post(url, params=params, data=body.encode("utf-8"),
                                     headers={"Content-Type": content_type}, timeout=REPLY_WAIT_SECONDS)
            status, answer = response.status_code, response.text
        except requests.Timeout:
            error = f"{REPLY_WAIT_SECONDS:.0f} 秒内没有应答（微信会再推送一次）"
        except requests.RequestException as failure:
            error = f"无法连接服务器（{type(failure).__name__}）"
        reply = None
        if status == 200 and answer.strip() not in NOTHING_TO_SAY:
            reply, error = self._open_reply(answer, openid, mode=mode, format=format)
        elif status is not None and status != 200:
            error = f"HTTP {status}"
        push = OfficialAccountPush(at=self._context.clock(), url=url, openid=openid, fields=message,
                                   mode=mode, format=format, status=status, body=answer,
                                   reply=reply, error=error)
        self._context.recorder.add(push)
        return push

    def _open_reply(self, answer: str, openid: str, *, mode: str,
                    format: str) -> tuple[dict[str, Any] | None, str | None]:
        """Our reply as WeChat reads it: (its fields, None) or (what it has, what is wrong)."""
        settings = self._settings
        try:
            fields = read_fields(answer, format)
            if mode == SAFE:
                if "Encrypt" not in fields:
                    return fields, "安全模式下的回复没有加密"
                expected = message_crypto.signature(settings.oa_token, str(fields.get("TimeStamp", "")),
                                                    str(fields.get("Nonce", "")), fields["Encrypt"])
                if fields.get("MsgSignature") != expected:
                    return None, "回复的 MsgSignature 不正确"
                fields = read_fields(message_crypto.decrypt(
                    fields["Encrypt"], encoding_aes_key=settings.oa_encoding_aes_key,
                    appid=settings.oa_appid), format)
        except ValueError as error:
            return None, f"无法读取回复：{error}"
        if fields.get("ToUserName") != openid or fields.get("FromUserName") != settings.oa_original_id:
            return fields, "回复的 ToUserName / FromUserName 不是这位用户和本公众号"
        if fields.get("MsgType") != "text" or not fields.get("Content"):
            return fields, "回复不是文字消息（沙箱只显示文字回复）"
        return fields, None
