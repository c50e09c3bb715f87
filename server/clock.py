"""The one clock of the system.

Everything is stored in UTC and shown in Beijing time (Asia/Shanghai): deadlines are published in
Beijing time, and Xinjiang's users read them that way. Tests move this clock with time-machine.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def beijing(moment: datetime) -> datetime:
    return moment.astimezone(BEIJING)


def format_beijing(moment: datetime, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """How a deadline reads to a user: Beijing wall-clock time."""
    return beijing(moment).strftime(pattern)


def beijing_day_start(day: date) -> datetime:
    """The instant a Beijing calendar day begins."""
    return datetime.combine(day, time.min, tzinfo=BEIJING)
