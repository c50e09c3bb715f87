"""SMS verification codes: 6 digits, 5 minutes, single use, 5 wrong tries, 1 a minute, 10 a day.

Codes are stored as a keyed hash and never logged; only the phone sees them.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import SmsCode, SmsPurpose, SmsThrottle
from server.clock import BEIJING, beijing, now
from server.errors import InvalidInput, TooManyRequests
from server.extensions import db
from server.transactions import atomic, refuse_keeping_changes

CODE_TTL = timedelta(minutes=5)
RESEND_INTERVAL = timedelta(minutes=1)
DAILY_LIMIT = 10
MAX_WRONG_ATTEMPTS = 5


def _hash(phone: str, purpose: SmsPurpose, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}:{purpose.value}:{code}".encode(), hashlib.sha256).hexdigest()


def _seconds_to_beijing_midnight(moment: datetime) -> int:
    local = beijing(moment)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), BEIJING)
    return max(1, math.ceil((midnight - local).total_seconds()))


def reserve_sending_slot(phone: str) -> None:
    """Take one send from the phone's budget, or refuse saying when to try again."""
    moment, today = now(), beijing(now()).date()
    row = db.session.execute(
        select(SmsThrottle).where(SmsThrottle.phone == phone).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        db.session.add(SmsThrottle(phone=phone, last_sent_at=moment, day=today, day_count=1))
        try:
            db.session.flush()
        except IntegrityError:  # another request for this phone won the race
            raise _too_soon(60) from None
        return
    wait = (row.last_sent_at + RESEND_INTERVAL - moment).total_seconds()
    if wait > 0:
        raise _too_soon(math.ceil(wait))
    if row.day == today and row.day_count >= DAILY_LIMIT:
        message = f"该手机号今日获取验证码已达{DAILY_LIMIT}次上限，请明天再试"
        raise TooManyRequests(message, _seconds_to_beijing_midnight(moment), {"phone": message})
    row.day_count = row.day_count + 1 if row.day == today else 1
    row.day, row.last_sent_at = today, moment


@atomic
def cancel_undelivered(phone: str, purpose: SmsPurpose, code: str) -> None:
    """A code the provider did not deliver is void, and does not count against the phone's budget."""
    db.session.execute(delete(SmsCode).where(SmsCode.phone == phone, SmsCode.purpose == purpose,
                                             SmsCode.code_hash == _hash(phone, purpose, code)))
    row = db.session.execute(
        select(SmsThrottle).where(SmsThrottle.phone == phone).with_for_update()).scalar_one_or_none()
    if row is not None:
        row.day_count = max(0, row.day_count - 1)
        row.last_sent_at = now() - RESEND_INTERVAL


def _too_soon(seconds: int) -> TooManyRequests:
    message = f"验证码发送太频繁，请{seconds}秒后再试"
    return TooManyRequests(message, seconds, {"phone": message})


def create_code(phone: str, purpose: SmsPurpose) -> str:
    """A fresh code for this phone and purpose; it supersedes any earlier one."""
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(SmsCode(phone=phone, purpose=purpose, code_hash=_hash(phone, purpose, code),
                           expires_at=now() + CODE_TTL))
    return code


def consume_code(phone: str, purpose: SmsPurpose, code: str, field: str = "sms_code") -> None:
    """Check a code and mark it used; the caller's commit makes that final.

    A wrong code is counted and committed at once, so that the sixth try is refused.
    """
    row = db.session.execute(
        select(SmsCode).where(SmsCode.phone == phone, SmsCode.purpose == purpose)
        .order_by(SmsCode.created_at.desc(), SmsCode.id.desc()).limit(1).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise InvalidInput.field(field, "请先获取短信验证码")
    if row.consumed_at is not None:
        raise InvalidInput.field(field, "验证码已使用，请重新获取")
    if row.expires_at <= now():
        raise InvalidInput.field(field, "验证码已过期，请重新获取")
    if row.wrong_attempts >= MAX_WRONG_ATTEMPTS:
        raise InvalidInput.field(field, "验证码错误次数过多，请重新获取")
    if not hmac.compare_digest(row.code_hash, _hash(phone, purpose, code)):
        row.wrong_attempts += 1
        left = MAX_WRONG_ATTEMPTS - row.wrong_attempts
        message = f"验证码不正确，还可尝试{left}次" if left else "验证码错误次数过多，请重新获取"
        refuse_keeping_changes(InvalidInput.field(field, message))
    row.consumed_at = now()
