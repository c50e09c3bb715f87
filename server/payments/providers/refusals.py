"""Provider error codes → ProviderRefused (permanent) or ProviderUnavailable (try again later).

v3 and v2 spell the same refusal differently (ORDER_CLOSED / ORDERCLOSED); the domain sees the
provider-neutral REFUSAL_* names for the refusals it acts on, and the raw code otherwise.
"""
from __future__ import annotations

from server.payments.providers.base import (
    REFUSAL_ORDER_CLOSED,
    REFUSAL_ORDER_NOT_EXIST,
    REFUSAL_ORDER_PAID,
    REFUSAL_OUT_TRADE_NO_USED,
    REFUSAL_REFUND_NOT_EXIST,
    ProviderRefused,
    ProviderUnavailable,
)

_NEUTRAL = {
    "ORDERPAID": REFUSAL_ORDER_PAID, "ORDER_PAID": REFUSAL_ORDER_PAID,
    "ORDERCLOSED": REFUSAL_ORDER_CLOSED, "ORDER_CLOSED": REFUSAL_ORDER_CLOSED,
    "ORDERNOTEXIST": REFUSAL_ORDER_NOT_EXIST, "ORDER_NOT_EXIST": REFUSAL_ORDER_NOT_EXIST,
    "REFUNDNOTEXIST": REFUSAL_REFUND_NOT_EXIST,
    "OUT_TRADE_NO_USED": REFUSAL_OUT_TRADE_NO_USED,
}
# Codes WeChat documents as "retry later".
TEMPORARY = frozenset({"SYSTEM_ERROR", "SYSTEMERROR", "FREQUENCY_LIMITED", "BANK_ERROR",
                       "BANKERROR", "BIZERR_NEED_RETRY", "STATEMENT_CREATING"})


def refusal_or_outage(code: str, message: str, *,
                      not_found: str = REFUSAL_ORDER_NOT_EXIST) -> Exception:
    """The exception for a provider's error `code`; `not_found` names what RESOURCE_NOT_EXISTS
    means for this call (an order or a refund)."""
    if code in TEMPORARY:
        return ProviderUnavailable(f"WeChat Pay asks to retry later: {code} {message}".strip())
    neutral = not_found if code == "RESOURCE_NOT_EXISTS" else _NEUTRAL.get(code, code)
    return ProviderRefused(neutral, message, provider_code=code)
