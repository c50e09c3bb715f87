"""The SMS templates "approved in Tencent's console": their text with {1}, {2}, ... placeholders.

Tencent knows each template's text and checks a request's parameters against it (their number,
and for an individual-verified account at most 12 characters each, no links). A template the
sandbox was not told about is accepted with any number of parameters and shown as its parameters,
so a test or demo never has to register the verification-code template first.
"""
from __future__ import annotations

import re
import threading

from server.sms import MAX_PARAM_LENGTH

_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def placeholder_count(text: str) -> int:
    """'…{1}…{2}…' → 2; the numbers must run 1..n as Tencent requires."""
    numbers = sorted({int(n) for n in _PLACEHOLDER.findall(text)})
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError("template placeholders must be numbered {1}, {2}, ... without gaps")
    return len(numbers)


class SmsTemplates:
    """Template id → text; kept across resets (it is the console's configuration)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._texts: dict[str, str] = {}

    def register(self, template_id: str, text: str) -> None:
        placeholder_count(text)
        with self._lock:
            self._texts[template_id] = text

    def text(self, template_id: str) -> str | None:
        with self._lock:
            return self._texts.get(template_id)

    def refusal(self, template_id: str, params: list[str]) -> str | None:
        """Tencent's error code for these parameters, or None when it would send them."""
        for value in params:
            if len(value) > MAX_PARAM_LENGTH:
                return "InvalidParameterValue.TemplateParameterLengthLimit"
            if _LINK.search(value):
                return "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter"
        text = self.text(template_id)
        if text is not None and placeholder_count(text) != len(params):
            return "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"
        return None

    def render(self, template_id: str, params: tuple[str, ...]) -> str | None:
        """The message as the phone shows it (without the signature), if the text is known."""
        text = self.text(template_id)
        if text is None:
            return None
        return _PLACEHOLDER.sub(lambda found: params[int(found.group(1)) - 1], text)
