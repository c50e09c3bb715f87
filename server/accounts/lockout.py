"""Login lockout: five wrong passwords lock an account (applicant or staff) for 15 minutes."""
from __future__ import annotations

from datetime import timedelta

from server.accounts.models import LoginGuarded
from server.accounts.passwords import verify_password
from server.clock import format_beijing, now
from server.errors import InvalidInput, Locked
from server.transactions import refuse_keeping_changes

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)


def locked_message(who: LoginGuarded) -> str:
    assert who.locked_until is not None
    return f"密码错误次数过多，账号已锁定，请于 {format_beijing(who.locked_until)}（北京时间）后再试"


def ensure_not_locked(who: LoginGuarded) -> None:
    if who.locked_until is not None and who.locked_until > now():
        raise Locked(locked_message(who), {"password": locked_message(who)})


def record_failure(who: LoginGuarded) -> bool:
    """Count one wrong password; answer whether this failure locked the account."""
    if who.locked_until is not None and who.locked_until <= now():
        who.failed_logins, who.locked_until = 0, None
    who.failed_logins += 1
    if who.failed_logins >= MAX_FAILURES:
        who.locked_until = now() + LOCK_DURATION
        return True
    return False


def record_success(who: LoginGuarded) -> None:
    who.failed_logins, who.locked_until = 0, None


def check_password(who: LoginGuarded, password: str, field: str, wrong_message: str) -> None:
    """Verify a password under the lockout.

    A wrong password is counted and committed at once (the request then fails), and the
    failure that locks the account answers with the time it unlocks.
    """
    ensure_not_locked(who)
    if verify_password(who.password_hash, password):
        record_success(who)
        return
    if record_failure(who):
        refuse_keeping_changes(Locked(locked_message(who), {"password": locked_message(who)}))
    refuse_keeping_changes(InvalidInput(wrong_message, {field: wrong_message}))
