"""SMS delivery: the `SmsSender` interface and its Tencent Cloud implementation."""
from server.sms.base import SmsDeliveryError, SmsSender, mask_phone, to_e164_mainland
from server.sms.factory import build_sms_sender
from server.sms.tencent import TencentSmsSender

__all__ = ["SmsDeliveryError", "SmsSender", "TencentSmsSender", "build_sms_sender", "mask_phone",
           "to_e164_mainland"]
