"""SMS delivery: the `SmsSender` interface and its Tencent Cloud implementation."""
from server.sms.base import (
    MAX_PARAM_LENGTH,
    SmsDeliveryError,
    SmsNotifier,
    SmsSender,
    mask_phone,
    template_param_problems,
    to_e164_mainland,
)
from server.sms.factory import build_sms_sender
from server.sms.tencent import TencentSmsSender

__all__ = ["MAX_PARAM_LENGTH", "SmsDeliveryError", "SmsNotifier", "SmsSender", "TencentSmsSender",
           "build_sms_sender", "mask_phone", "template_param_problems", "to_e164_mainland"]
