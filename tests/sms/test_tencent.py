"""TencentSmsSender against the sandbox, over real HTTP: what Tencent accepts, what it refuses, and
what the user is told."""
from __future__ import annotations

import logging
import time

import pytest

from server.sms import SmsDeliveryError, TencentSmsSender
from tests.fixtures.sandbox import SMS_SIGN_NAME, SMS_TEMPLATE_ID

UNAVAILABLE = "短信服务暂时不可用，请稍后重试"


def _sender(sandbox, **overrides) -> TencentSmsSender:
    settings = sandbox.settings
    options = {"secret_id": settings.tencent_secret_id, "secret_key": settings.tencent_secret_key,
                   "sdk_app_id": settings.sms_sdk_app_id, "sign_name": SMS_SIGN_NAME,
                   "template_id": SMS_TEMPLATE_ID, "endpoint": sandbox.sms_endpoint, "timeout": 2.0}
    return TencentSmsSender(**{**options, **overrides})


def _provider_error(code: str) -> dict:
    return {"Response": {"Error": {"Code": code, "Message": "..."}, "RequestId": "r-1"}}


def test_a_code_is_delivered_with_its_lifetime_as_the_template_parameters(sandbox, sms_sender):
    sms_sender.send_code("13800138000", "482913", 5)

    [message] = sandbox.sms_messages
    assert message.phone == "+8613800138000"
    assert message.params == ("482913", "5")
    assert (message.sign_name, message.template_id) == (SMS_SIGN_NAME, SMS_TEMPLATE_ID)
    assert sandbox.last_sms_code("138 0013 8000") == "482913"


def test_the_request_is_signed_with_tc3_and_accepted(sandbox, sms_sender):
    sms_sender.send_code("+8613800138000", "111111", 5)
    [call] = sandbox.calls("/")
    assert (call.method, call.status) == ("POST", 200)
    assert len(sandbox.sms_messages) == 1  # the sandbox verified the signature before recording


def test_a_wrong_secret_key_is_refused_by_the_provider_and_nothing_is_sent(sandbox):
    sender = _sender(sandbox, secret_key="not-the-key")
    with pytest.raises(SmsDeliveryError) as refused:
        sender.send_code("13800138000", "482913", 5)
    assert refused.value.provider_code == "AuthFailure.SignatureFailure"
    assert str(refused.value) == UNAVAILABLE
    assert refused.value.retryable is False
    assert sandbox.sms_messages == []


def test_an_unknown_secret_id_is_refused(sandbox):
    with pytest.raises(SmsDeliveryError) as refused:
        _sender(sandbox, secret_id="AKIDunknown").send_code("13800138000", "482913", 5)
    assert refused.value.provider_code == "AuthFailure.SecretIdNotFound"


def test_another_accounts_sdk_app_id_is_refused(sandbox):
    with pytest.raises(SmsDeliveryError) as refused:
        _sender(sandbox, sdk_app_id="1400000000").send_code("13800138000", "482913", 5)
    assert refused.value.provider_code == "UnauthorizedOperation.SmsSdkAppIdVerifyFail"
    assert sandbox.sms_messages == []


def test_a_clock_more_than_five_minutes_off_gets_signature_expired(sandbox):
    sender = _sender(sandbox, clock=lambda: time.time() - 600)
    with pytest.raises(SmsDeliveryError) as refused:
        sender.send_code("13800138000", "482913", 5)
    assert refused.value.provider_code == "AuthFailure.SignatureExpire"


def test_the_providers_rate_limit_tells_the_user_to_wait(sandbox, sms_sender):
    sandbox.fail_next("/", status=200, body=_provider_error("LimitExceeded.PhoneNumberDailyLimit"))
    with pytest.raises(SmsDeliveryError) as refused:
        sms_sender.send_code("13800138000", "482913", 5)
    assert str(refused.value) == "验证码发送过于频繁，请稍后再试"
    assert refused.value.retryable is True


def test_a_failed_status_for_the_number_is_a_failure_even_without_an_error(sandbox, sms_sender):
    sandbox.fail_next("/", status=200, body={"Response": {"RequestId": "r-2", "SendStatusSet": [
        {"PhoneNumber": "+8613800138000", "Code": "FailedOperation.PhoneNumberInBlacklist",
         "Message": "blacklisted"}]}})
    with pytest.raises(SmsDeliveryError) as refused:
        sms_sender.send_code("13800138000", "482913", 5)
    assert str(refused.value) == "该手机号暂时无法接收短信，请检查号码或更换手机号"
    assert refused.value.retryable is False


@pytest.mark.parametrize("reply", [
    {"Response": {"RequestId": "r-3", "SendStatusSet": []}},
    {"Response": {"RequestId": "r-4"}},
    {"unexpected": True},
])
def test_a_reply_that_confirms_nothing_is_a_failure(sandbox, sms_sender, reply):
    sandbox.fail_next("/", status=200, body=reply)
    with pytest.raises(SmsDeliveryError):
        sms_sender.send_code("13800138000", "482913", 5)


def test_a_provider_outage_is_retryable(sandbox, sms_sender):
    sandbox.fail_next("/", status=503)
    with pytest.raises(SmsDeliveryError) as refused:
        sms_sender.send_code("13800138000", "482913", 5)
    assert (str(refused.value), refused.value.retryable) == (UNAVAILABLE, True)


def test_a_provider_that_does_not_answer_in_time_is_retryable(sandbox):
    sandbox.delay_next("/", seconds=2.0)
    with pytest.raises(SmsDeliveryError) as refused:
        _sender(sandbox, timeout=0.2).send_code("13800138000", "482913", 5)
    assert (str(refused.value), refused.value.retryable) == (UNAVAILABLE, True)


def test_an_invalid_number_is_refused_without_a_request(sandbox, sms_sender):
    with pytest.raises(SmsDeliveryError):
        sms_sender.send_code("12345", "482913", 5)
    assert sandbox.calls("/") == []


def test_neither_the_code_nor_the_secret_key_is_ever_logged(sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    _sender(sandbox).send_code("13800138000", "735162", 5)
    with pytest.raises(SmsDeliveryError):
        _sender(sandbox, secret_key="wrong-secret-key-xyz").send_code("13800138000", "735163", 5)

    ours = [record.getMessage() for record in caplog.records
            if not record.name.startswith("server.sandbox")]  # the sandbox is the phone: it may
    assert ours, "the sender should log what it did"
    for text in ours:
        assert "735162" not in text and "735163" not in text
        assert sandbox.settings.tencent_secret_key not in text
        assert "wrong-secret-key-xyz" not in text
        assert "13800138000" not in text  # numbers are masked


def test_the_secret_key_is_not_in_the_senders_repr(sandbox):
    assert sandbox.settings.tencent_secret_key not in repr(_sender(sandbox))


def test_a_notification_template_goes_out_with_its_parameters_only(sandbox, sms_sender):
    sandbox.register_sms_template("2100001", "您的申报未通过资格审核，请于{1}前修改后重新提交。")
    sms_sender.send_template("13800138000", "2100001", ["12月2日18:30"])

    [message] = sandbox.sms_messages
    assert (message.template_id, message.params) == ("2100001", ("12月2日18:30",))
    assert sandbox.sms_text(message) == "您的申报未通过资格审核，请于12月2日18:30前修改后重新提交。"


@pytest.mark.parametrize("param, problem", [
    ("一二三四五六七八九十一二三", "超过12个字符"),
    ("www.example", "不能含链接"),
    ("【协会】", "不能含链接或【】"),
    ("", "不能为空"),
])
def test_a_parameter_tencent_would_refuse_is_refused_before_any_request(sandbox, sms_sender, param, problem):
    with pytest.raises(SmsDeliveryError) as refused:
        sms_sender.send_template("13800138000", "2100002", ["12月2日", param])
    assert problem in str(refused.value) and "第2个参数" in str(refused.value)
    assert refused.value.retryable is False
    assert sandbox.calls("/") == []


def test_parameters_that_do_not_fit_the_approved_template_are_refused_by_the_provider(sandbox, sms_sender):
    sandbox.register_sms_template("2100003", "{1}起可缴费，截止{2}。")
    with pytest.raises(SmsDeliveryError) as refused:
        sms_sender.send_template("13800138000", "2100003", ["12月8日10:30"])
    assert refused.value.provider_code == "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
    assert refused.value.retryable is False
    assert sandbox.sms_messages == []
