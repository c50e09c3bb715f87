"""The fee's numbers: order and refund numbers (sent to WeChat Pay) and receipt numbers (printed).

Order and refund numbers are unguessable (80 random bits after the Beijing date), so nobody can
name, query or pay another person's order by guessing its number; WeChat allows 32 characters
of letters and digits. Receipt numbers are readable and unique by the payment's id.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from server.clock import format_beijing, now


def _dated(prefix: str, moment: datetime | None = None) -> str:
    return f"{prefix}{format_beijing(moment or now(), '%Y%m%d')}{secrets.token_hex(10).upper()}"


def new_out_trade_no() -> str:
    """E20261130 + 20 hex digits: 29 characters."""
    return _dated("E")


def new_out_refund_no() -> str:
    return _dated("R")


def receipt_number(payment_id: int, paid_at: datetime) -> str:
    """JF20261130000042: the Beijing day it was paid and the payment's id."""
    return f"JF{format_beijing(paid_at, '%Y%m%d')}{payment_id:06d}"
