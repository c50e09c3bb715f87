"""The callback protocol: WeChat's published examples as known answers, then everything WeChat
would never send (forged, stale, unreadable) refused."""
from __future__ import annotations

import json

import pytest
from wechatpy.crypto.base import BasePrpCrypto

from server.sandbox.wechat import message_crypto
from server.sandbox.wechat.official_account_user import read_fields, to_xml
from server.wechat.official_account import CallbackProtocol, Envelope, ForgedRequest, InboundRequest, MalformedRequest
from tests.wechat.official_account import wechat_examples as ex

NOW = 1714112445


@pytest.fixture
def protocol() -> CallbackProtocol:
    return CallbackProtocol(ex.TOKEN, ex.APPID, ex.ENCODING_AES_KEY)


# -- WeChat's examples -------------------------------------------------------------------------

def test_wechats_url_verification_example_answers_its_echostr(protocol):
    assert protocol.verify_url(ex.VERIFY) == "4375120948345356249"


def test_wechats_plain_json_push_isread_fields(protocol):
    request = protocol.read(ex.PLAIN_ARGS, ex.PLAIN_BODY.encode(), now=1714037059)
    message = request.message
    assert (message.kind, message.event, message.from_openid, message.to, message.create_time) == (
        "event", "debug_demo", "o9AgO5Kd5ggOC-bXrbNODIiE3bGY", "gh_97417a04a28d", 1714037059)
    assert request.envelope == Envelope(encrypted=False, format="json", nonce="486452656")


def test_wechats_safe_json_push_decrypts_to_the_debug_demo_event(protocol):
    request = protocol.read(ex.SAFE_ARGS, ex.SAFE_BODY.encode(), now=NOW)
    message = request.message
    assert (message.kind, message.event, message.from_openid, message.create_time) == (
        "event", "debug_demo", "o9AgO5Kd5ggOC-bXrbNODIiE3bGY", 1714112445)
    assert message.wechatpy._data["debug_str"] == "hello world"
    assert request.envelope == Envelope(encrypted=True, format="json", nonce="415670741")


def test_the_encrypted_answer_is_byte_for_byte_wechats_example(protocol, monkeypatch):
    # WeChat's example fixes the 16 random bytes; so does this test, and nothing else.
    monkeypatch.setattr(BasePrpCrypto, "get_random_string", lambda self: ex.REPLY_RANDOM)
    sealed = protocol.seal(ex.REPLY_PLAIN, Envelope(True, "json", ex.REPLY_NONCE), ex.REPLY_TIMESTAMP)
    assert json.loads(sealed) == {"Encrypt": ex.REPLY_ENCRYPT, "MsgSignature": ex.REPLY_SIGNATURE,
                                  "TimeStamp": ex.REPLY_TIMESTAMP, "Nonce": ex.REPLY_NONCE}


def test_the_sandboxs_own_crypto_gives_the_same_answers():
    """The sandbox plays WeChat with an implementation of its own: it must agree with WeChat too."""
    assert message_crypto.decrypt(ex.SAFE_ENCRYPT, encoding_aes_key=ex.ENCODING_AES_KEY, appid=ex.APPID) == ex.SAFE_PLAIN
    assert message_crypto.encrypt(ex.SAFE_PLAIN, encoding_aes_key=ex.ENCODING_AES_KEY, appid=ex.APPID,
                                  random16=ex.SAFE_RANDOM) == ex.SAFE_ENCRYPT
    assert message_crypto.encrypt(ex.REPLY_PLAIN, encoding_aes_key=ex.ENCODING_AES_KEY, appid=ex.APPID,
                                  random16=ex.REPLY_RANDOM.encode()) == ex.REPLY_ENCRYPT
    assert message_crypto.signature(ex.TOKEN, "1714112445", "415670741", ex.SAFE_ENCRYPT) == ex.SAFE_ARGS["msg_signature"]
    assert message_crypto.signature(ex.TOKEN, str(ex.REPLY_TIMESTAMP), ex.REPLY_NONCE, ex.REPLY_ENCRYPT) == ex.REPLY_SIGNATURE
    assert message_crypto.signature(ex.TOKEN, "1714036504", "1514711492") == ex.VERIFY["signature"]


# -- replies in the push's own mode and format ----------------------------------------------------

def _text_push(protocol, *, fmt: str, encrypted: bool) -> InboundRequest:
    fields = {"ToUserName": "gh_97417a04a28d", "FromUserName": "o_user", "CreateTime": NOW,
              "MsgType": "text", "Content": "进度", "MsgId": 23456789012345678}
    plain = json.dumps(fields, ensure_ascii=False) if fmt == "json" else to_xml(fields)
    args = {"timestamp": str(NOW), "nonce": "42",
            "signature": message_crypto.signature(ex.TOKEN, str(NOW), "42")}
    body = plain
    if encrypted:
        encrypt = message_crypto.encrypt(plain, encoding_aes_key=ex.ENCODING_AES_KEY, appid=ex.APPID)
        outer = {"ToUserName": "gh_97417a04a28d", "Encrypt": encrypt}
        body = json.dumps(outer) if fmt == "json" else to_xml(outer)
        args.update(encrypt_type="aes", msg_signature=message_crypto.signature(ex.TOKEN, str(NOW), "42", encrypt))
    return protocol.read(args, body.encode(), now=NOW)


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("encrypted", [False, True])
def test_a_text_reply_comes_back_in_the_pushs_mode_and_format(protocol, fmt, encrypted):
    request = _text_push(protocol, fmt=fmt, encrypted=encrypted)
    assert (request.message.kind, request.message.content, request.message.msg_id) == (
        "text", "进度", "23456789012345678")
    reply = protocol.reply(request, "您的申报正在审核中", now=NOW + 1)
    assert reply.mimetype == ("application/json" if fmt == "json" else "application/xml")
    fields = read_fields(reply.body, fmt)
    if encrypted:
        assert fields["MsgSignature"] == message_crypto.signature(
            ex.TOKEN, str(fields["TimeStamp"]), str(fields["Nonce"]), fields["Encrypt"])
        assert str(fields["Nonce"]) == "42"
        fields = read_fields(message_crypto.decrypt(fields["Encrypt"], encoding_aes_key=ex.ENCODING_AES_KEY,
                                              appid=ex.APPID), fmt)
    assert (fields["ToUserName"], fields["FromUserName"], fields["MsgType"], fields["Content"]) == (
        "o_user", "gh_97417a04a28d", "text", "您的申报正在审核中")
    assert int(fields["CreateTime"]) == NOW + 1


@pytest.mark.parametrize("text", [None, ""])
def test_nothing_to_say_is_success_unencrypted(protocol, text):
    request = protocol.read(ex.SAFE_ARGS, ex.SAFE_BODY.encode(), now=NOW)
    reply = protocol.reply(request, text, now=NOW)
    assert (reply.body, reply.mimetype) == ("success", "text/plain")


# -- what WeChat would never send ---------------------------------------------------------------

def test_a_wrong_verification_signature_is_forged(protocol):
    with pytest.raises(ForgedRequest):
        protocol.verify_url({**ex.VERIFY, "signature": "0" * 40})
    with pytest.raises(ForgedRequest):
        CallbackProtocol("BBBBB", ex.APPID).verify_url(ex.VERIFY)


def test_verification_without_echostr_is_malformed(protocol):
    with pytest.raises(MalformedRequest):
        protocol.verify_url({key: value for key, value in ex.VERIFY.items() if key != "echostr"})


def test_a_tampered_encrypt_or_msg_signature_is_forged(protocol):
    with pytest.raises(ForgedRequest):
        protocol.read({**ex.SAFE_ARGS, "msg_signature": "0" * 40}, ex.SAFE_BODY.encode(), now=NOW)
    tampered = ex.SAFE_BODY.replace(ex.SAFE_ENCRYPT[:8], "AAAAAAAA")
    with pytest.raises(ForgedRequest):
        protocol.read(ex.SAFE_ARGS, tampered.encode(), now=NOW)


def test_a_valid_plain_signature_does_not_open_safe_mode(protocol):
    """In safe mode only msg_signature counts (it covers the body); `signature` alone is not enough."""
    args = {key: value for key, value in ex.SAFE_ARGS.items() if key != "msg_signature"}
    with pytest.raises(ForgedRequest):
        protocol.read(args, ex.SAFE_BODY.encode(), now=NOW)


def test_a_push_encrypted_for_another_appid_is_forged():
    other = CallbackProtocol(ex.TOKEN, "wx0000000000000000", ex.ENCODING_AES_KEY)
    with pytest.raises(ForgedRequest, match="another appid"):
        other.read(ex.SAFE_ARGS, ex.SAFE_BODY.encode(), now=NOW)


def test_a_safe_mode_push_without_a_key_configured_is_refused():
    with pytest.raises(ForgedRequest):
        CallbackProtocol(ex.TOKEN, ex.APPID).read(ex.SAFE_ARGS, ex.SAFE_BODY.encode(), now=NOW)


@pytest.mark.parametrize("offset", [-301, 301])
def test_a_push_older_or_newer_than_five_minutes_is_refused(protocol, offset):
    with pytest.raises(ForgedRequest, match="timestamp"):
        protocol.read(ex.SAFE_ARGS, ex.SAFE_BODY.encode(), now=NOW + offset)
    assert protocol.read(ex.SAFE_ARGS, ex.SAFE_BODY.encode(), now=NOW + offset // 2)


def test_a_forged_plain_push_is_refused_before_its_body_isread_fields(protocol):
    with pytest.raises(ForgedRequest):
        protocol.read({**ex.PLAIN_ARGS, "signature": "f" * 40}, b"<not xml", now=1714037059)


@pytest.mark.parametrize("body", [
    b"<not xml", b"", b"\xff\xfe", b"[1, 2]", b'{"MsgType": "text"}',
    b'<!DOCTYPE x [<!ENTITY e "boom">]><xml><ToUserName>&e;</ToUserName></xml>',
    b"<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>soon</CreateTime>"
    b"<MsgType>text</MsgType></xml>",
])
def test_unreadable_bodies_signed_correctly_are_malformed_not_errors(protocol, body):
    with pytest.raises(MalformedRequest):
        protocol.read(ex.PLAIN_ARGS, body, now=1714037059)


def test_a_safe_mode_body_that_does_not_decrypt_is_malformed(protocol):
    encrypt = "bm90IGEgYmxvY2s="  # base64 of 11 bytes: not AES blocks
    args = {**ex.SAFE_ARGS, "msg_signature": message_crypto.signature(ex.TOKEN, "1714112445", "415670741", encrypt)}
    with pytest.raises(MalformedRequest):
        protocol.read(args, json.dumps({"Encrypt": encrypt}).encode(), now=NOW)
    with pytest.raises(MalformedRequest):
        protocol.read(ex.SAFE_ARGS, b'{"ToUserName": "gh"}', now=NOW)


def test_the_token_is_required():
    with pytest.raises(ValueError):
        CallbackProtocol("", ex.APPID)
