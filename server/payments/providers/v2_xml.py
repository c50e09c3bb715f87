"""WeChat Pay v2's flat XML (`<xml><key><![CDATA[value]]></key>...</xml>`), read safely.

Notifications are written by whoever reaches our endpoint, so the parser refuses any DTD, entity
or external reference (defusedxml: no billion laughs, no XXE), nested elements, repeated keys
(a signature checked over one copy and a value read from the other) and oversized bodies.
"""
from __future__ import annotations

from collections.abc import Mapping
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_BYTES = 64 * 1024


class MalformedXml(ValueError):
    """Not WeChat Pay v2 XML, or XML we refuse to read."""


def parse(body: bytes, *, max_bytes: int = MAX_BYTES, root: str = "xml") -> dict[str, str]:
    """`<xml>` (a refund's decrypted req_info: `<root>`) with one level of text children →
    {tag: text}."""
    if len(body) > max_bytes:
        raise MalformedXml("body too large")
    try:
        element = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise MalformedXml(f"forbidden XML construct ({type(error).__name__})") from None
    except (ParseError, ValueError) as error:
        raise MalformedXml(f"not well-formed XML ({error})") from None
    if element.tag != root:
        raise MalformedXml(f"root element is not <{root}>")
    fields: dict[str, str] = {}
    for child in element:
        if len(child) or child.tag in fields:
            raise MalformedXml(f"nested or repeated element <{child.tag}>")
        fields[child.tag] = child.text or ""
    return fields


def render(fields: Mapping[str, object], root: str = "xml") -> bytes:
    """{key: value} → `<xml>` with every value in CDATA (None values left out)."""
    parts = [f"<{root}>"]
    for key, value in fields.items():
        if value is None:
            continue
        text = str(value).replace("]]>", "]]]]><![CDATA[>")
        parts.append(f"<{key}><![CDATA[{text}]]></{key}>")
    parts.append(f"</{root}>")
    return "".join(parts).encode("utf-8")
