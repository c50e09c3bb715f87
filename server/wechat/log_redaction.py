"""Keep WeChat credentials out of logs that are not ours.

WeChat takes the appsecret, the wx.login code and the access_token in the query string, and
urllib3's DEBUG log prints whole request lines. This filter masks those values in its records.
"""
from __future__ import annotations

import logging
import re

_CREDENTIALS = re.compile(r"\b(secret|js_code|access_token|code|refresh_token)=([^&\s\"']+)")
LOGGERS = ("urllib3.connectionpool",)


class RedactWeChatCredentials(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _CREDENTIALS.sub(r"\1=***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install() -> None:
    """Idempotent: attach the filter once to each logger that prints request URLs."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactWeChatCredentials) for existing in logger.filters):
            logger.addFilter(RedactWeChatCredentials())
