"""What the official account pushes to us, as one small typed value.

wechatpy's `parse_message` does the parsing and the classification (it also strips `qrscene_`
from a subscribe-by-QR-code event); this module turns its many classes into one shape that a
handler can read without knowing wechatpy. JSON pushes go through the same parser.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from xml.parsers.expat import ExpatError

import xmltodict
from wechatpy import parse_message
from wechatpy.messages import BaseMessage, UnknownMessage

TEXT, EVENT = "text", "event"
SUBSCRIBE, SCAN, UNSUBSCRIBE, CLICK, VIEW = "subscribe", "scan", "unsubscribe", "click", "view"
TEMPLATE_SENT = "templatesendjobfinish"  # the delivery report of a template message


class MalformedMessage(ValueError):
    """The body is not a WeChat message we can read."""


@dataclass(frozen=True)
class InboundMessage:
    kind: str  # MsgType in lower case: "text", "event", "image", ...
    event: str | None  # for kind "event", in lower case: "subscribe", "scan", "unsubscribe", "click", ...
    from_openid: str  # the user's official-account openid
    to: str  # our official account's original id (gh_...)
    create_time: int
    msg_id: str | None  # MsgId of a message; MsgID of a template delivery report; None for other events
    content: str | None = None  # a text message's text
    event_key: str | None = None  # a menu click's key, or a menu link's URL
    scene: str | None = None  # the parameterised QR code's scene (subscribe without `qrscene_`, or SCAN)
    ticket: str | None = None  # that QR code's ticket
    wechatpy: BaseMessage | None = field(default=None, repr=False, compare=False)  # everything else


def parse_xml(xml: str) -> InboundMessage:
    try:
        message = parse_message(xml)
    except (ExpatError, ValueError, KeyError, TypeError) as error:
        raise MalformedMessage(f"unreadable XML message: {type(error).__name__}") from None
    if message is None:
        raise MalformedMessage("empty message")
    return _typed(message)


def parse_json(text: str) -> InboundMessage:
    """WeChat's JSON push: the same fields as its XML, so it is read by the same parser."""
    try:
        fields = json.loads(text)
    except ValueError:
        raise MalformedMessage("unreadable JSON message") from None
    if not isinstance(fields, dict) or not all(isinstance(key, str) and key.isidentifier() for key in fields):
        raise MalformedMessage("a JSON message is an object of WeChat's fields")
    return parse_xml(xmltodict.unparse({"xml": fields}))


def parse_body(text: str) -> InboundMessage:
    """XML or JSON, told apart by the first character."""
    return parse_json(text) if text.lstrip().startswith("{") else parse_xml(text)


def _typed(message: BaseMessage) -> InboundMessage:
    try:
        create_time = int(message.time)
        msg_id = str(message.id) if message.id else None
    except (TypeError, ValueError):
        raise MalformedMessage("CreateTime and MsgId are numbers") from None
    if not message.source or not message.target:
        raise MalformedMessage("FromUserName and ToUserName are required")
    if isinstance(message, UnknownMessage):  # a type wechatpy has no class for: its parsed fields
        kind = str(message._data.get("MsgType") or "unknown").lower()
        event = (str(message._data.get("Event") or "unknown").lower()) if kind == EVENT else None
    else:
        kind = message.type
        event = message.event if kind == EVENT else None
    scene = ticket = event_key = None
    if event == "subscribe_scan":  # wechatpy's name for a subscribe from a QR code
        event, scene, ticket = SUBSCRIBE, message.scene_id or None, message.ticket or None
    elif event == SCAN:
        scene, ticket = message.scene_id or None, message.ticket or None
    elif event == CLICK:
        event_key = message.key or None
    elif event == VIEW:
        event_key = message.url or None
    return InboundMessage(kind=kind, event=event, from_openid=message.source,
                          to=message.target, create_time=create_time, msg_id=msg_id,
                          content=message.content if kind == TEXT else None,
                          event_key=event_key, scene=scene, ticket=ticket, wechatpy=message)
