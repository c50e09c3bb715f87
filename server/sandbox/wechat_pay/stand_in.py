"""The WeChat Pay stand-in as one object: its keys, its merchant's orders, and "the user paid"."""
from __future__ import annotations

from collections.abc import Callable

from server.sandbox.wechat_pay.keys import WeChatPaySettings
from server.sandbox.wechat_pay.notify import Deliverer, NotificationBuilder, NotificationDelivery
from server.sandbox.wechat_pay.world import PayWorld, SandboxOrder, SandboxPayError, SandboxRefund

__all__ = ["NotificationDelivery", "SandboxPayError", "WeChatPayStandIn"]


class WeChatPayStandIn:
    def __init__(self, settings: WeChatPaySettings, app_id: str,
                 clock: Callable[[], float]) -> None:
        self.settings = settings
        self.app_id = app_id
        self.world = PayWorld(settings.mch_id, clock)
        self.builder = NotificationBuilder(settings, clock)
        self.deliverer = Deliverer(clock)

    def reset(self) -> None:
        self.world.reset()
        self.deliverer.reset()

    def pay(self, out_trade_no: str, *, copies: int = 1, delay_seconds: float = 0.0,
            corrupt_signature: bool = False, notified_amount_fen: int | None = None,
            notify: bool = True, even_if_closed: bool = False) -> list[NotificationDelivery]:
        """The user paid the order: it becomes SUCCESS at once (queries see it), and its
        notification goes to notify_url `copies` times concurrently (unless `notify` is off,
        when only a query finds the payment). Options: a delay (sent later, in the background),
        a spoiled signature, another amount in the notification, paying an order already closed
        (an old QR code paid just before it was closed)."""
        order = self.world.pay(out_trade_no, even_if_closed=even_if_closed)
        if not notify:
            return []
        notification = self.builder.payment(order, self.app_id, amount_fen=notified_amount_fen,
                                            corrupt=corrupt_signature)
        return self.deliverer.send(notification, copies=copies, delay_seconds=delay_seconds)

    def notify_payment_again(self, out_trade_no: str, *, copies: int = 1) -> list[NotificationDelivery]:
        """WeChat's resend of a paid order's notification (until the merchant acknowledges)."""
        order = self.world.order(out_trade_no)
        if not order.is_paid:
            raise SandboxPayError(f"订单 {out_trade_no} 尚未支付")
        return self.deliverer.send(self.builder.payment(order, self.app_id), copies=copies)

    def finish_refund(self, out_refund_no: str, *, state: str = "SUCCESS", copies: int = 1,
                      delay_seconds: float = 0.0, corrupt_signature: bool = False,
                      notify: bool = True) -> list[NotificationDelivery]:
        """The refund completes (SUCCESS) or fails (CLOSED / ABNORMAL), and its notification goes
        to the refund's notify_url (or the order's), with the same options as `pay`."""
        if state not in ("SUCCESS", "CLOSED", "ABNORMAL"):
            raise SandboxPayError(f"退款结果只能是 SUCCESS、CLOSED 或 ABNORMAL，不是 {state}")
        refund = self.world.finish_refund(out_refund_no, state)
        if not notify:
            return []
        order = self.world.order(refund.out_trade_no)
        notification = self.builder.refund(refund, order, self.app_id, corrupt=corrupt_signature)
        return self.deliverer.send(notification, copies=copies, delay_seconds=delay_seconds)

    def orders(self) -> list[SandboxOrder]:
        return self.world.orders()

    def refunds(self) -> list[SandboxRefund]:
        return self.world.refunds()

    @property
    def deliveries(self) -> list[NotificationDelivery]:
        return self.deliverer.deliveries
