"""Payment providers behind one interface (`base.PaymentProvider`): WeChat Pay API v3 and v2.

    provider = build_payment_provider(app.config)
    params = provider.create_jsapi(OrderRequest(...))      # → wx.requestPayment
    notice = provider.parse_payment_notification(request.headers, request.get_data())

See base.py for the types and the three errors, factory.py for the settings.
"""
from server.payments.providers.base import (
    PAID_STATES,
    REFUND_STATES,
    REFUSAL_ORDER_CLOSED,
    REFUSAL_ORDER_NOT_EXIST,
    REFUSAL_ORDER_PAID,
    REFUSAL_OUT_TRADE_NO_USED,
    REFUSAL_REFUND_NOT_EXIST,
    TRADE_STATES,
    BillRow,
    JsapiParams,
    NotificationRejected,
    NotificationReply,
    OrderRequest,
    PaymentNotice,
    PaymentProvider,
    ProviderRefund,
    ProviderRefused,
    ProviderTrade,
    ProviderUnavailable,
    RefundNotice,
)
from server.payments.providers.factory import PROVIDERS, build_payment_provider
from server.payments.providers.wechat_v2 import WeChatPayV2
from server.payments.providers.wechat_v3 import WeChatPayV3

__all__ = ["PAID_STATES", "PROVIDERS", "REFUND_STATES", "REFUSAL_ORDER_CLOSED",
           "REFUSAL_ORDER_NOT_EXIST", "REFUSAL_ORDER_PAID", "REFUSAL_OUT_TRADE_NO_USED",
           "REFUSAL_REFUND_NOT_EXIST", "TRADE_STATES", "BillRow", "JsapiParams",
           "NotificationRejected", "NotificationReply", "OrderRequest", "PaymentNotice",
           "PaymentProvider", "ProviderRefund", "ProviderRefused", "ProviderTrade",
           "ProviderUnavailable", "RefundNotice", "WeChatPayV2", "WeChatPayV3",
           "build_payment_provider"]
