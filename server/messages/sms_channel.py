"""The sender's last channel: SMS, for the kinds that must reach the person (a rejection, payment
opening, a deadline) when no WeChat channel did. Only the parameters of a template approved in
Tencent's console go out (SMS_TEMPLATE_IDS, by kind); its text is Tencent's."""
from __future__ import annotations

from flask import current_app

from server import outside
from server.messages.channels import Outgoing, Undelivered
from server.messages.texts import sms_text
from server.sms import SmsDeliveryError


class SmsChannel:
    name = "sms"

    @staticmethod
    def _template_id(message: Outgoing) -> str | None:
        return current_app.config["SMS_TEMPLATE_IDS"].get(message.kind.name)

    def reaches(self, message: Outgoing) -> bool:
        return bool(message.kind.must_reach and message.recipient.phone and self._template_id(message))

    def deliver(self, message: Outgoing) -> None:
        text = sms_text(message.kind.name, message.context)
        try:
            outside.notification_sms().send_template(message.recipient.phone, self._template_id(message),
                                                     text.params)
        except SmsDeliveryError as error:
            code = f"（{error.provider_code}）" if error.provider_code else ""
            raise Undelivered(f"短信未发出：{error.message}{code}", temporary=error.retryable) from error
