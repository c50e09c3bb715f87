"""The sender's WeChat channels: the mini-program's subscribe message, then the official
account's template message.

A subscribe message needs a grant the applicant gave for its template (one grant, one message):
it is claimed before the call, given back when WeChat did not count it (a timeout, a 5xx, a
refusal of the message itself), and dropped when WeChat holds none (43101). A template message
needs the applicant's official-account openid (bound by the QR code in the mini-program). Both
read what the sender loaded with the recipient (the grants held, the binding) for its whole
batch at once. The template ids come from config by the names in the kind's options; a kind
without one, or a person without the channel, is simply not reached by it.
"""
from __future__ import annotations

from flask import current_app

from server import outside
from server.messages.channels import Outgoing, Undelivered
from server.messages.texts import wechat_fields
from server.subscriptions import services as grants
from server.subscriptions.topics import template_id_of
from server.wechat.channels import MiniProgramLink, SubscribeMessage, TemplateMessage
from server.wechat.failures import DeliveryFailure

NO_GRANT = 43101
GRANT_GONE = "用户未授权此订阅消息，或授权已用完"


def _undelivered(failure: DeliveryFailure) -> Undelivered:
    """WeChat's reason for staff, with its errcode when it gave one."""
    known = failure.errcode is None or str(failure.errcode) in failure.reason
    return Undelivered(failure.reason if known else f"{failure.reason}（错误码 {failure.errcode}）",
                       temporary=failure.temporary)


def _page(message: Outgoing) -> str | None:
    return message.kind.options.get("page")


class SubscribeChannel:
    name = "subscribe"

    @staticmethod
    def _template_id(message: Outgoing) -> str | None:
        topic = message.kind.options.get("subscribe")
        return template_id_of(topic) if topic else None

    def reaches(self, message: Outgoing) -> bool:
        recipient, template_id = message.recipient, self._template_id(message)
        return bool(message.kind.wechat and template_id and recipient.account_id and recipient.miniprogram_openid
                    and template_id in recipient.subscribe_templates)

    def deliver(self, message: Outgoing) -> None:
        account_id, template_id = message.recipient.account_id, self._template_id(message)
        data = wechat_fields(message.kind.name, "subscribe", message.context)
        if not grants.claim(account_id, template_id):
            raise Undelivered(GRANT_GONE, temporary=False)
        try:
            outside.subscribe_messages().send(SubscribeMessage(
                touser=message.recipient.miniprogram_openid, template_id=template_id, data=data,
                page=_page(message)))
        except DeliveryFailure as failure:
            (grants.drop if failure.errcode == NO_GRANT else grants.give_back)(account_id, template_id)
            raise _undelivered(failure) from failure


class TemplateChannel:
    name = "template"

    @staticmethod
    def _template_id(message: Outgoing) -> str | None:
        name = message.kind.options.get("template")
        return current_app.config["WECHAT_OA_TEMPLATE_IDS"].get(name) if name else None

    def reaches(self, message: Outgoing) -> bool:
        return bool(message.kind.wechat and self._template_id(message) and message.recipient.official_account_openid)

    def deliver(self, message: Outgoing) -> None:
        page, appid = _page(message), current_app.config["WECHAT_APPID"]
        template = TemplateMessage(
            touser=message.recipient.official_account_openid, template_id=self._template_id(message),
            data=wechat_fields(message.kind.name, "template", message.context),
            miniprogram=MiniProgramLink(appid, page) if page and appid else None,
            # WeChat sends one message per (openid, client_msg_id) within 10 minutes: a sender
            # that delivered and died before recording it does not send it twice.
            client_msg_id=f"outbox-{message.id}")
        try:
            outside.official_account().send_template(template)
        except DeliveryFailure as failure:
            raise _undelivered(failure) from failure
