"""Marshmallow fields whose every message is Chinese and names the field.

An applicant under deadline pressure must read which field is wrong and why, in their language.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from marshmallow import validate

from server.models_base import MAX_ID


class Schema(ma.Schema):
    """Request schemas refuse unknown fields (a typo must not be silently dropped)."""

    class Meta:
        unknown = ma.RAISE


def _messages(label: str) -> dict[str, str]:
    return {"required": f"请填写{label}", "null": f"请填写{label}", "invalid": f"{label}格式不正确"}


def no_nul(message: str) -> Callable[[str], None]:
    """Refuses the NUL character, which PostgreSQL cannot store in text (and no one types).

    A plain function, not a `Regexp`: the OpenAPI document keeps the field's own pattern."""

    def check(value: str) -> None:
        if "\x00" in value:
            raise ma.ValidationError(message)

    return check


def text(label: str, *, required: bool = True, max_length: int | None = None,
         pattern: str | None = None, pattern_message: str | None = None, refuse_nul: bool = True,
         **kwargs: Any) -> ma.fields.String:
    """A string field. Required means non-blank: an empty string is as good as missing.

    `refuse_nul=False` only where the service refuses NUL itself with a better message."""
    validators: list[Any] = [no_nul(f"{label}含有无法识别的字符")] if refuse_nul else []
    if required:
        validators.append(validate.Length(min=1, error=f"请填写{label}"))
    if max_length:
        validators.append(validate.Length(max=max_length, error=f"{label}不能超过{max_length}个字符"))
    if pattern:
        validators.append(validate.Regexp(pattern, error=pattern_message or f"{label}格式不正确"))
    return ma.fields.String(required=required, validate=validators, error_messages=_messages(label),
                            metadata={"description": label}, **kwargs)


def choice(label: str, choices: list[str], *, required: bool = True) -> ma.fields.String:
    return ma.fields.String(
        required=required,
        validate=validate.OneOf(choices, error=f"{label}须为以下之一：{'、'.join(choices)}"),
        error_messages=_messages(label), metadata={"description": label})


def integer(label: str, *, required: bool = True, minimum: int | None = None,
            maximum: int | None = None) -> ma.fields.Integer:
    validators = []
    if minimum is not None or maximum is not None:
        validators.append(validate.Range(min=minimum, max=maximum,
                                         error=f"{label}须在{minimum}到{maximum}之间"))
    return ma.fields.Integer(required=required, strict=True, validate=validators,
                             error_messages={**_messages(label), "invalid": f"{label}须为整数"},
                             metadata={"description": label})


def file_id_range(message: str) -> validate.Range:
    """A file number is a row id: 1 to MAX_ID; a larger one names no file (and would overflow the query)."""
    return validate.Range(min=1, max=MAX_ID, error=message)


class BeijingDateTime(ma.fields.AwareDateTime):
    """Instants leave the API in Beijing time (+08:00), the time every deadline is published in."""

    def _serialize(self, value, attr, obj, **kwargs):
        from server.clock import beijing

        return None if value is None else beijing(value).isoformat()
