"""When WeChat Pay is slow, down or talks nonsense: ProviderUnavailable, never a hang or a crash."""
from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from server.payments.providers import ProviderRefused, ProviderUnavailable
from tests.payments.conftest import MODE_IDS, MODES, new_order, provider_for

CREATE_PATH = {"wechat_v3": "/v3/pay/transactions/jsapi", "wechat_v2": "/pay/unifiedorder"}


@pytest.fixture(params=MODES, ids=MODE_IDS)
def mode(request) -> tuple[str, str]:
    return request.param


def test_a_reply_slower_than_the_timeout_is_unavailable(mode, sandbox, receiver):
    provider = provider_for(sandbox, *mode, WECHAT_PAY_TIMEOUT_SECONDS=0.2)
    sandbox.delay_next(CREATE_PATH[mode[0]], seconds=30)
    with pytest.raises(ProviderUnavailable, match="unreachable"):
        provider.create_jsapi(new_order(receiver))
    sandbox.faults.clear()  # release the sandbox's delayed thread


def test_a_query_slower_than_the_timeout_is_unavailable(mode, sandbox, receiver):
    provider = provider_for(sandbox, *mode, WECHAT_PAY_TIMEOUT_SECONDS=0.2)
    order = new_order(receiver)
    provider.create_native(order)
    path = ("/v3/pay/transactions/out-trade-no/" + order.out_trade_no
            if mode[0] == "wechat_v3" else "/pay/orderquery")
    sandbox.delay_next(path, seconds=30)
    with pytest.raises(ProviderUnavailable):
        provider.query(order.out_trade_no)
    sandbox.faults.clear()
    assert provider.query(order.out_trade_no).state == "NOTPAY"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_unavailable(mode, sandbox, receiver, status):
    provider = provider_for(sandbox, *mode)
    sandbox.fail_next(CREATE_PATH[mode[0]], status=status)
    with pytest.raises(ProviderUnavailable):
        provider.create_jsapi(new_order(receiver))


def test_a_reply_that_is_not_the_protocol_is_unavailable(mode, sandbox, receiver):
    provider = provider_for(sandbox, *mode)
    sandbox.fail_next(CREATE_PATH[mode[0]], status=200)  # a plain-text body
    with pytest.raises(ProviderUnavailable):
        provider.create_jsapi(new_order(receiver))


def test_rate_limiting_and_system_errors_are_temporary(sandbox, receiver):
    provider = provider_for(sandbox)
    sandbox.fail_next(CREATE_PATH["wechat_v3"], status=429,
                      body={"code": "FREQUENCY_LIMITED", "message": "频率超限"})
    with pytest.raises(ProviderUnavailable):
        provider.create_jsapi(new_order(receiver))
    sandbox.fail_next(CREATE_PATH["wechat_v3"], status=400,
                      body={"code": "SYSTEM_ERROR", "message": "系统异常"})
    with pytest.raises(ProviderUnavailable):
        provider.create_jsapi(new_order(receiver))


def test_a_documented_business_error_is_a_refusal_with_wechats_message(sandbox, receiver):
    provider = provider_for(sandbox)
    sandbox.fail_next(CREATE_PATH["wechat_v3"], status=403,
                      body={"code": "NO_AUTH", "message": "商户无权限"})
    with pytest.raises(ProviderRefused) as refused:
        provider.create_jsapi(new_order(receiver))
    assert (refused.value.code, refused.value.message) == ("NO_AUTH", "商户无权限")


def test_a_closed_port_is_unavailable(mode, sandbox, receiver):
    provider = provider_for(sandbox, *mode, WECHAT_PAY_API_BASE_URL="http://127.0.0.1:9/")
    with pytest.raises(ProviderUnavailable):
        provider.query("E-any")


def test_a_v3_reply_not_signed_by_the_configured_key_is_unavailable(sandbox, receiver, tmp_path):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    path = tmp_path / "other_pub_key.pem"
    path.write_bytes(other.public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo))
    provider = provider_for(sandbox, WECHAT_PAY_PUBLIC_KEY_PATH=str(path))
    with pytest.raises(ProviderUnavailable, match="signature"):
        provider.create_jsapi(new_order(receiver))


def test_a_merchant_whose_request_signature_is_wrong_is_refused(mode, sandbox, receiver):
    wrong = ({"WECHAT_PAY_CERT_SERIAL": "0" * 40} if mode[0] == "wechat_v3"
             else {"WECHAT_PAY_API_V2_KEY": "0" * 32})
    provider = provider_for(sandbox, *mode, **wrong)
    with pytest.raises(ProviderRefused):
        provider.create_jsapi(new_order(receiver))
