"""POST / as Tencent Cloud SendSms: TC3 signature and timestamp checked, messages recorded and logged."""
from __future__ import annotations

import json
import logging
import time

import requests

from server.sms import tc3


def _post(sandbox, payload: dict | bytes, *, secret_key: str | None = None, timestamp: int | None = None,
          action: str = "SendSms", version: str = "2021-01-11", tamper: bool = False,
          authorization: str | None = None) -> dict:
    settings = sandbox.settings
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    host = sandbox.sms_endpoint.split("//")[1].rstrip("/")
    stamp = int(time.time()) if timestamp is None else timestamp
    signed = {"content-type": "application/json; charset=utf-8", "host": host, "x-tc-action": action}
    signature = tc3.sign(secret_id=settings.tencent_secret_id,
                         secret_key=secret_key or settings.tencent_secret_key, service="sms",
                         timestamp=stamp, payload=body, headers=signed)
    headers = {"Authorization": authorization or signature.authorization,
               "Content-Type": "application/json; charset=utf-8", "X-TC-Action": action,
               "X-TC-Version": version, "X-TC-Timestamp": str(stamp), "X-TC-Region": "ap-guangzhou"}
    sent = body + b" " if tamper else body
    return requests.post(sandbox.sms_endpoint, data=sent, headers=headers, timeout=2).json()


def _payload(sandbox, **changes) -> dict:
    return {"PhoneNumberSet": ["+8613800138000"], "SmsSdkAppId": sandbox.settings.sms_sdk_app_id,
            "SignName": "评标专家申报", "TemplateId": "1234567", "TemplateParamSet": ["482913", "5"],
            **changes}


def _error(reply: dict) -> str | None:
    return reply["Response"].get("Error", {}).get("Code")


def test_a_signed_request_is_answered_like_tencent_and_recorded(sandbox):
    reply = _post(sandbox, _payload(sandbox))["Response"]
    assert reply["RequestId"]
    [status] = reply["SendStatusSet"]
    assert (status["PhoneNumber"], status["Code"], status["Message"]) == (
        "+8613800138000", "Ok", "send success")
    [message] = sandbox.sms_messages
    assert (message.phone, message.params, message.code) == ("+8613800138000", ("482913", "5"), "482913")
    assert message.request_id == reply["RequestId"]


def test_each_number_in_the_set_is_recorded_and_a_bad_one_fails_alone(sandbox):
    reply = _post(sandbox, _payload(sandbox, PhoneNumberSet=["+8613800138000", "+8612345", "+8613900139000"]))
    codes = [status["Code"] for status in reply["Response"]["SendStatusSet"]]
    assert codes == ["Ok", "InvalidParameterValue.IncorrectPhoneNumber", "Ok"]
    assert [m.phone for m in sandbox.sms_messages] == ["+8613800138000", "+8613900139000"]


def test_a_wrong_secret_key_fails_the_signature(sandbox):
    assert _error(_post(sandbox, _payload(sandbox), secret_key="wrong")) == "AuthFailure.SignatureFailure"
    assert sandbox.sms_messages == []


def test_a_body_changed_after_signing_fails_the_signature(sandbox):
    assert _error(_post(sandbox, _payload(sandbox), tamper=True)) == "AuthFailure.SignatureFailure"


def test_a_timestamp_more_than_five_minutes_away_has_expired(sandbox):
    reply = _post(sandbox, _payload(sandbox), timestamp=int(time.time()) - 301)
    assert _error(reply) == "AuthFailure.SignatureExpire"
    assert "五分钟" in reply["Response"]["Error"]["Message"]
    assert _error(_post(sandbox, _payload(sandbox), timestamp=int(time.time()) + 301)) == \
        "AuthFailure.SignatureExpire"


def test_a_missing_or_foreign_authorization_is_refused(sandbox):
    assert _error(_post(sandbox, _payload(sandbox), authorization="Basic abc")) == \
        "AuthFailure.InvalidAuthorization"


def test_an_unknown_secret_id_is_refused(sandbox):
    good = _post(sandbox, _payload(sandbox))  # to learn the header shape
    assert _error(good) is None
    forged = tc3.sign(secret_id="AKIDnobody", secret_key="x", service="sms", timestamp=int(time.time()),
                      payload=b"{}", headers={"content-type": "application/json", "host": "h"})
    assert _error(_post(sandbox, b"{}", authorization=forged.authorization)) == \
        "AuthFailure.SecretIdNotFound"


def test_other_actions_versions_and_sdk_app_ids_are_refused(sandbox):
    assert _error(_post(sandbox, _payload(sandbox), action="PullSmsSendStatus")) == "InvalidAction"
    assert _error(_post(sandbox, _payload(sandbox), version="2019-07-11")) == "NoSuchVersion"
    assert _error(_post(sandbox, _payload(sandbox, SmsSdkAppId="1400000000"))) == \
        "UnauthorizedOperation.SmsSdkAppIdVerifyFail"
    assert _error(_post(sandbox, _payload(sandbox, TemplateId=""))) == "MissingParameter"
    assert _error(_post(sandbox, b"not json")) == "InvalidParameter"
    assert sandbox.sms_messages == []


def test_the_sandbox_logs_each_code_it_receives_standing_in_for_the_phone(sandbox, caplog):
    caplog.set_level(logging.INFO, logger="server.sandbox.sms")
    _post(sandbox, _payload(sandbox, TemplateParamSet=["905172", "5"]))
    [line] = [r.getMessage() for r in caplog.records if r.name == "server.sandbox.sms"]
    assert "+8613800138000" in line and "905172" in line


def test_a_parameter_over_twelve_characters_is_refused_like_tencent(sandbox):
    reply = _post(sandbox, _payload(sandbox, TemplateParamSet=["一二三四五六七八九十一二三"]))
    assert _error(reply) == "InvalidParameterValue.TemplateParameterLengthLimit"
    assert sandbox.sms_messages == []


def test_a_link_in_a_parameter_is_refused_like_tencent(sandbox):
    reply = _post(sandbox, _payload(sandbox, TemplateParamSet=["www.a.cn"]))
    assert _error(reply) == "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter"


def test_a_registered_template_needs_exactly_its_parameters(sandbox):
    sandbox.register_sms_template("3100001", "审核通过，专家编号{1}，{2}起可缴费。")
    wrong = _post(sandbox, _payload(sandbox, TemplateId="3100001", TemplateParamSet=["B001"]))
    assert _error(wrong) == "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
    right = _post(sandbox, _payload(sandbox, TemplateId="3100001", TemplateParamSet=["B001", "12月8日"]))
    assert _error(right) is None
    [message] = sandbox.sms_messages
    assert sandbox.sms_text(message) == "审核通过，专家编号B001，12月8日起可缴费。"
