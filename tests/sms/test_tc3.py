"""TC3-HMAC-SHA256 signing, pinned to Tencent Cloud's published worked example.

Source of every expected value below: Tencent Cloud API 3.0, "Signature v3" (签名方法 v3), the
worked example "querying the list of CVM instances in the Guangzhou region" (DescribeInstances).
Text as published by Tencent in its documentation sources, repository tencentyun/intlcloud-documents,
file "API/API 3.0/计算/容器服务/调用方式/接口鉴权 v3_intl.md" (commit 02ec31c2626e18091982c1934bd4aded84cf5043),
sections "1. Concatenating the CanonicalRequest String" to "4. Concatenating the Authorization";
the same example is on the tencentcloud.com "Signature v3" pages of each product's API docs.
Published inputs: SecretId AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE, SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE,
X-TC-Timestamp 1551113065, POST to host cvm.tencentcloudapi.com, path /, Content-Type
"application/json; charset=utf-8", body {"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"],
"Name": "instance-name"}]}, SignedHeaders content-type;host.
(Later revisions of that page mask the example key as "Gu5t9xGARNpq86cd98joQYCN3*******" and print a
signature made with the masked string; the values here are the ones published with the full key.)
"""
from __future__ import annotations

from server.sms import tc3

SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
TIMESTAMP = 1551113065
PAYLOAD = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
HEADERS = {"Content-Type": "application/json; charset=utf-8", "Host": "cvm.tencentcloudapi.com"}

PUBLISHED_HASHED_PAYLOAD = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
PUBLISHED_CANONICAL_REQUEST = (
    "POST\n"
    "/\n"
    "\n"
    "content-type:application/json; charset=utf-8\n"
    "host:cvm.tencentcloudapi.com\n"
    "\n"
    "content-type;host\n"
    "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
)
PUBLISHED_STRING_TO_SIGN = (
    "TC3-HMAC-SHA256\n"
    "1551113065\n"
    "2019-02-25/cvm/tc3_request\n"
    "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
)
PUBLISHED_SIGNATURE = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
PUBLISHED_AUTHORIZATION = (
    "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
    "SignedHeaders=content-type;host, "
    "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
)


def _published_example() -> tc3.Tc3Signature:
    return tc3.sign(secret_id=SECRET_ID, secret_key=SECRET_KEY, service="cvm", timestamp=TIMESTAMP,
                    payload=PAYLOAD, headers=HEADERS)


def test_step_1_canonical_request_is_tencents_byte_for_byte():
    signed = _published_example()
    assert signed.canonical_request.endswith(PUBLISHED_HASHED_PAYLOAD)
    assert signed.canonical_request == PUBLISHED_CANONICAL_REQUEST


def test_step_2_string_to_sign_is_tencents():
    assert _published_example().string_to_sign == PUBLISHED_STRING_TO_SIGN


def test_step_3_signature_is_tencents():
    assert _published_example().signature == PUBLISHED_SIGNATURE


def test_step_4_authorization_header_is_tencents():
    assert _published_example().authorization == PUBLISHED_AUTHORIZATION


def test_the_credential_date_is_the_utc_date_not_beijing():
    # The page's own warning: 1551113065 is 2019-02-26 00:44:25 in UTC+8, yet the date is 02-25.
    assert tc3.utc_date(TIMESTAMP) == "2019-02-25"


def test_an_authorization_header_parses_back_into_its_parts():
    parsed = tc3.parse_authorization(PUBLISHED_AUTHORIZATION)
    assert parsed == tc3.Tc3Authorization(SECRET_ID, "2019-02-25", "cvm", ("content-type", "host"),
                                          PUBLISHED_SIGNATURE)


def test_something_that_is_not_a_tc3_authorization_parses_to_none():
    assert tc3.parse_authorization(None) is None
    assert tc3.parse_authorization("Bearer abc") is None
    assert tc3.parse_authorization(PUBLISHED_AUTHORIZATION.replace("Signature=", "Sig=")) is None
