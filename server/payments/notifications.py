"""WeChat Pay's notifications, from the endpoint to the domain and back to WeChat's answer.

The provider verifies the notification (signature, freshness, merchant, app id; v2 XML without
DTDs or entities); the domain checks it against the order (provider, merchant, app id, amount)
and records it through `confirm` / `record_refund_result`, which are idempotent: a resent or
concurrent copy is answered with success and changes nothing. Anything refused — forged,
malformed, stale, unknown, or not fitting its order — is logged and answered with the provider's
failure reply, and nothing is changed.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping

from server.accounts.actors import Actor
from server.errors import DomainError
from server.payments import gateway
from server.payments.orders import Report, confirm
from server.payments.providers import NotificationRejected, NotificationReply
from server.payments.refunds import receive_refund_notice

log = logging.getLogger(__name__)

REFUSED = "通知校验失败"


def receive_payment(headers: Mapping[str, str], body: bytes, client: str) -> NotificationReply:
    provider = gateway.provider()
    try:
        notice = provider.parse_payment_notification(headers, body)
    except NotificationRejected as rejected:
        log.warning("payment notification from %s refused: %s", client, rejected.reason)
        return provider.failure_reply(REFUSED)
    try:
        result = confirm(notice.out_trade_no, Report(
            transaction_id=notice.transaction_id, amount_fen=notice.amount_fen, paid_at=notice.paid_at,
            source="notification", provider=provider.name, mch_id=notice.mch_id, app_id=notice.app_id),
            Actor.system())
    except DomainError as refused:
        log.warning("payment notification %s for %s refused: %s", notice.notice_id,
                    notice.out_trade_no, refused.message)
        return provider.failure_reply(refused.code)
    if not result.first:
        log.info("payment notification %s for %s: already recorded", notice.notice_id, notice.out_trade_no)
    return provider.success_reply()


def receive_refund(headers: Mapping[str, str], body: bytes, client: str) -> NotificationReply:
    provider = gateway.provider()
    try:
        notice = provider.parse_refund_notification(headers, body)
    except NotificationRejected as rejected:
        log.warning("refund notification from %s refused: %s", client, rejected.reason)
        return provider.failure_reply(REFUSED)
    try:
        receive_refund_notice(notice)
    except DomainError as refused:
        log.warning("refund notification %s for %s refused: %s", notice.notice_id,
                    notice.out_refund_no, refused.message)
        return provider.failure_reply(refused.code)
    return provider.success_reply()
