"""v2 XML is read safely: no DTD, no entities, flat and unique keys, bounded size."""
from __future__ import annotations

import pytest

from server.payments.providers.v2_xml import MalformedXml, parse, render

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><return_code>&lol3;</return_code></xml>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xml><attach>&e;</attach></xml>"""
DTD_ONLY = b'<?xml version="1.0"?><!DOCTYPE xml SYSTEM "http://127.0.0.1:9/x.dtd"><xml><a>1</a></xml>'


def test_wechat_xml_with_cdata_is_read_as_a_flat_mapping():
    assert parse(b"<xml><return_code><![CDATA[SUCCESS]]></return_code><total_fee>35000</total_fee>"
                 b"<attach></attach></xml>") == {"return_code": "SUCCESS", "total_fee": "35000",
                                                 "attach": ""}


@pytest.mark.parametrize("body", [BOMB, EXTERNAL, DTD_ONLY], ids=["bomb", "external-entity", "dtd"])
def test_dtds_and_entities_are_refused(body):
    with pytest.raises(MalformedXml, match="forbidden"):
        parse(body)


@pytest.mark.parametrize("body", [b"", b"not xml", b"<xml><a>1</a>", b"<root><a>1</a></root>",
                                  b"<xml><a><b>1</b></a></xml>", b"<xml><a>1</a><a>2</a></xml>"],
                         ids=["empty", "text", "unclosed", "other-root", "nested", "repeated"])
def test_anything_but_flat_wechat_xml_is_refused(body):
    with pytest.raises(MalformedXml):
        parse(body)


def test_oversized_bodies_are_refused_before_parsing():
    with pytest.raises(MalformedXml, match="too large"):
        parse(b"<xml><a>" + b"x" * 70_000 + b"</a></xml>")


def test_rendered_values_survive_a_round_trip_even_with_a_cdata_end_inside():
    fields = {"return_code": "FAIL", "return_msg": "签名错误 ]]> <b>"}
    assert parse(render({**fields, "skipped": None})) == fields
