"""POST / with X-TC-Action: SendSms — Tencent Cloud SMS 2021-01-11, as the sandbox plays it.

It answers like Tencent (HTTP 200, {"Response": {...}}), records every message, and logs each code
it receives: here the sandbox stands in for the user's phone, and the log is how a developer reads
the code. The application itself never logs codes.
"""
from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from server.sandbox.records import SmsMessage
from server.sandbox.tencent_sms.auth import MESSAGES, authentication_error

logger = logging.getLogger("server.sandbox.sms")

bp = Blueprint("sandbox_tencent_sms", __name__)

VERSION = "2021-01-11"
_PHONE = re.compile(r"\+861[3-9]\d{9}")

_MORE_MESSAGES = {
    "InvalidAction": "接口不存在。",
    "NoSuchVersion": "接口版本不存在。",
    "InvalidParameter": "参数错误：请求体不是合法的 JSON。",
    "MissingParameter": "缺少参数错误。",
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail":
        "SmsSdkAppId 校验失败，请检查 SmsSdkAppId 是否属于云 API 密钥的关联账户。",
    "InvalidParameterValue.IncorrectPhoneNumber": "手机号格式错误。",
    "InvalidParameterValue.TemplateParameterLengthLimit": "单个模板变量字符数超过12个。",
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": "禁止在模板变量中使用 URL。",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": "请求内容与审核通过的模板内容不匹配。",
}


def _error(code: str, request_id: str) -> Any:
    message = MESSAGES.get(code) or _MORE_MESSAGES.get(code, code)
    return jsonify({"Response": {"Error": {"Code": code, "Message": message},
                                 "RequestId": request_id}})


def _status(phone: str, code: str, message: str, context: dict[str, Any]) -> dict[str, Any]:
    return {"SerialNo": f"2433:{uuid.uuid4().int % 10**28:028d}" if code == "Ok" else "",
            "PhoneNumber": phone, "Fee": 1 if code == "Ok" else 0,
            "SessionContext": context.get("SessionContext", ""), "Code": code, "Message": message,
            "IsoCode": "CN" if code == "Ok" else ""}


@bp.post("/")
def send_sms():
    sandbox = current_app.extensions["sandbox"]
    settings = sandbox.settings
    request_id = str(uuid.uuid4())
    refused = authentication_error(request, settings, sandbox.clock())
    if refused:
        return _error(refused, request_id)
    if request.headers.get("X-TC-Action") != "SendSms":
        return _error("InvalidAction", request_id)
    if request.headers.get("X-TC-Version") != VERSION:
        return _error("NoSuchVersion", request_id)
    try:
        body = json.loads(request.get_data() or b"{}")
    except ValueError:
        return _error("InvalidParameter", request_id)
    phones, params = body.get("PhoneNumberSet"), body.get("TemplateParamSet") or []
    if (not isinstance(phones, list) or not phones or not body.get("TemplateId")
            or not body.get("SignName")
            or not body.get("SmsSdkAppId") or not isinstance(params, list)):
        return _error("MissingParameter", request_id)
    if body["SmsSdkAppId"] != settings.sms_sdk_app_id:
        return _error("UnauthorizedOperation.SmsSdkAppIdVerifyFail", request_id)
    refused = sandbox.sms_templates.refusal(str(body["TemplateId"]), [str(p) for p in params])
    if refused:
        return _error(refused, request_id)
    statuses = []
    for phone in phones:
        if not isinstance(phone, str) or not _PHONE.fullmatch(phone):
            statuses.append(_status(str(phone), "InvalidParameterValue.IncorrectPhoneNumber",
                                    _MORE_MESSAGES["InvalidParameterValue.IncorrectPhoneNumber"], body))
            continue
        message = SmsMessage(at=sandbox.clock(), phone=phone, sign_name=str(body.get("SignName", "")),
                             template_id=str(body["TemplateId"]),
                             params=tuple(str(p) for p in params), request_id=request_id)
        sandbox.recorder.add(message)
        logger.info("沙箱短信 → %s：【%s】%s（模板 %s，参数 %s）", phone, message.sign_name,
                    sandbox.sms_templates.render(message.template_id, message.params) or "",
                    message.template_id, list(message.params))
        statuses.append(_status(phone, "Ok", "send success", body))
    return jsonify({"Response": {"SendStatusSet": statuses, "RequestId": request_id}})
