"""Reading the provider's values: times, amounts and headers, each refused loudly when odd."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from server.clock import BEIJING


def rfc3339(text: str | None) -> datetime | None:
    """v3 times ('2018-06-08T10:34:56+08:00') → aware UTC; None/'' → None."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without offset: {text!r}")
    return moment.astimezone(UTC)


def beijing_rfc3339(moment: datetime) -> str:
    """An aware datetime → v3's spelling, in Beijing time."""
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")


def beijing_compact(text: str | None) -> datetime | None:
    """v2 times ('20141030133525', Beijing) → aware UTC."""
    if not text:
        return None
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING).astimezone(UTC)


def beijing_dashed(text: str | None) -> datetime | None:
    """Bill and refund times ('2017-12-15 09:46:01', Beijing) → aware UTC."""
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).astimezone(UTC)


def fen(text: str | int) -> int:
    """An integer amount in fen, refusing floats, signs and junk."""
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise ValueError(f"not an amount: {text!r}")
    if isinstance(text, str) and not text.isdigit():
        raise ValueError(f"not an amount: {text!r}")
    return int(text)


def yuan_to_fen(text: str) -> int:
    """'350.00' → 35000, exactly (Decimal, never float)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"amount finer than a fen: {text!r}")
    return int(cents)


def lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Header names compared case-insensitively, whatever mapping the web framework passes."""
    return {str(name).lower(): str(value) for name, value in headers.items()}
