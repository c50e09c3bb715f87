"""The message texts of the WeChat and SMS channels, read from their files.

- `subscribe.txt`, `template.txt`: one `key: value` line per field of the WeChat template
  (`thing1: 评标专家资格审核`); the keys are the fields of the template chosen in WeChat's console.
- `sms.txt`: the first line is the template's text as approved in Tencent's console, `{1}`, `{2}`
  standing for its parameters; each further line is one parameter, in order. Only the parameters
  are sent: the text is Tencent's to fill in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from jinja2 import TemplateNotFound

from server.clock import beijing
from server.messages.channels import render
from server.messages.kinds import all_kinds

_FIELD = re.compile(r"^([a-z_]+\d+)\s*:\s*(.*)$")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


class BadText(ValueError):
    """A message file that does not have its channel's shape (a programming error)."""


def wechat_fields(kind: str, channel: str, context: dict[str, Any]) -> dict[str, str]:
    """`subscribe.txt` / `template.txt` rendered → {"thing1": "…", "time2": "…"}."""
    fields: dict[str, str] = {}
    for line in render(kind, channel, context).splitlines():
        if not line.strip():
            continue
        found = _FIELD.match(line.strip())
        if found is None:
            raise BadText(f"messages/{kind}/{channel}.txt: “{line}” is not “key: value”")
        fields[found.group(1)] = found.group(2).strip()
    return fields


@dataclass(frozen=True)
class SmsText:
    text: str  # as approved at Tencent, with {1}, {2}, ...
    params: list[str]

    def shown(self) -> str:
        """What the phone displays (without the signature Tencent adds)."""
        return _PLACEHOLDER.sub(lambda found: self.params[int(found.group(1)) - 1], self.text)


def placeholders(text: str) -> int:
    return len(set(_PLACEHOLDER.findall(text)))


def sms_text(kind: str, context: dict[str, Any]) -> SmsText:
    """`sms.txt` rendered → the approved text and the parameters to send."""
    text, *params = [line.strip() for line in render(kind, "sms", context).splitlines() if line.strip()]
    if placeholders(text) != len(params):
        raise BadText(f"messages/{kind}/sms.txt: {placeholders(text)} placeholders, {len(params)} parameters")
    return SmsText(text, params)


def short_time(moment: datetime) -> str:
    """'12月2日18:30', Beijing time: short enough for an SMS parameter (at most 12 characters)."""
    local = beijing(moment)
    return f"{local.month}月{local.day}日{local:%H:%M}"


def sms_template_texts() -> dict[str, str]:
    """Each kind's SMS text to have approved in Tencent's console ({kind: text}), from the first
    line of its sms.txt: what an operator submits, and what the sandbox is told."""
    loader, texts = current_app.jinja_env.loader, {}
    for kind in all_kinds():
        try:
            source, _, _ = loader.get_source(current_app.jinja_env, f"messages/{kind.name}/sms.txt")
        except TemplateNotFound:
            continue
        texts[kind.name] = source.strip().splitlines()[0].strip()
    return texts
