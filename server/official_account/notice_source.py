"""Where the official account's 通知 reply reads the latest training and exam notices.

The notices themselves (posted by the association, with their table) come with the scheduler's
issue; until a source exists there is nothing to list, and the bot answers 暂无通知. This one
function is the seam: it is what that issue replaces.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class NoticeLine:
    title: str
    posted_at: datetime


def latest_notices(limit: int = 3) -> list[NoticeLine]:
    """The newest notices, newest first (none yet: no notice source exists)."""
    return []
