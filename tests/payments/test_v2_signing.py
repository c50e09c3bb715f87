"""v2 signatures against WeChat Pay's published signing example (安全规范, 签名算法)."""
from __future__ import annotations

import pytest

from server.payments.providers import v2_signing

# The example in WeChat Pay's API v2 documentation.
KEY = "192006250b4c09247ec02edce69f6a2d"
PARAMS = {"appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000",
          "body": "test", "nonce_str": "ibuaiVcKdpRxkhJA"}


def test_the_string_to_sign_is_sorted_pairs_then_the_key():
    assert v2_signing.string_to_sign(PARAMS, KEY) == (
        b"appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100"
        b"&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d")


def test_the_documented_md5_signature():
    assert v2_signing.sign(PARAMS, KEY, "MD5") == "9A0A8659F005D6984697E2CA0A9CF3B7"


def test_the_documented_hmac_sha256_signature():
    assert v2_signing.sign(PARAMS, KEY, "HMAC-SHA256") == (
        "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6")


def test_empty_values_and_the_sign_itself_are_left_out():
    assert v2_signing.sign({**PARAMS, "attach": "", "sign": "X"}, KEY) == (
        "9A0A8659F005D6984697E2CA0A9CF3B7")


def test_verification_follows_the_sign_type_field_and_defaults_to_md5():
    assert v2_signing.verify({**PARAMS, "sign": "9A0A8659F005D6984697E2CA0A9CF3B7"}, KEY)
    hmac_params = {**PARAMS, "sign_type": "HMAC-SHA256"}
    hmac_params["sign"] = v2_signing.sign(hmac_params, KEY, "HMAC-SHA256")
    assert v2_signing.verify(hmac_params, KEY)
    assert not v2_signing.verify({**hmac_params, "sign_type": "MD5"}, KEY)


def test_a_reply_is_checked_with_the_sign_type_of_its_request():
    signed = {**PARAMS, "sign": v2_signing.sign(PARAMS, KEY, "HMAC-SHA256")}
    assert not v2_signing.verify(signed, KEY)
    assert v2_signing.verify(signed, KEY, "HMAC-SHA256")


@pytest.mark.parametrize("sign", ["", "9A0A8659F005D6984697E2CA0A9CF3B8", "9a0a8659"])
def test_a_wrong_or_missing_signature_fails(sign):
    assert not v2_signing.verify({**PARAMS, "sign": sign}, KEY)


def test_an_unknown_sign_type_fails_rather_than_falling_back():
    params = {**PARAMS, "sign_type": "SHA1", "sign": "9A0A8659F005D6984697E2CA0A9CF3B7"}
    assert not v2_signing.verify(params, KEY)


def test_req_info_decrypts_only_with_the_key_it_was_made_with():
    sealed = v2_signing.encrypt_req_info(b"<root><refund_id>1</refund_id></root>", KEY)
    assert v2_signing.decrypt_req_info(sealed, KEY) == b"<root><refund_id>1</refund_id></root>"
    with pytest.raises(ValueError):
        v2_signing.decrypt_req_info(sealed, "0" * 32)
    with pytest.raises(ValueError):
        v2_signing.decrypt_req_info("not base64!", KEY)
