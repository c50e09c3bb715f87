"""An admin manages console accounts: deactivate, reactivate, reset a password.

Each change bumps the member's `session_version`, so every console session they had ends at once
(a reactivated member logs in again); each writes an audit row in the same transaction.
"""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.actors import Actor
from server.accounts.models import StaffMember
from server.accounts.passwords import hash_password
from server.accounts.rules import password_problem
from server.audit.services import record
from server.errors import Conflict, InvalidInput, NotFound
from server.extensions import db
from server.transactions import atomic


def _member(member_id: int) -> StaffMember:
    member = db.session.execute(
        select(StaffMember).where(StaffMember.id == member_id).with_for_update()).scalar_one_or_none()
    if member is None:
        raise NotFound("工作人员账号不存在")
    return member


@atomic
def set_active(member_id: int, active: bool, actor: Actor) -> StaffMember:
    member = _member(member_id)
    if not active and actor.kind == "staff" and actor.id == member_id:
        raise Conflict("不能停用自己的账号")
    if member.active == active:
        raise Conflict("该账号已是启用状态" if active else "该账号已停用")
    member.active = active
    member.session_version += 1
    record(actor, "staff.reactivated" if active else "staff.deactivated", "staff", member.id,
           username=member.username)
    return member


@atomic
def reset_password(member_id: int, password: str, actor: Actor) -> StaffMember:
    member = _member(member_id)
    if problem := password_problem(password):
        raise InvalidInput(problem, {"password": problem})
    member.password_hash = hash_password(password)
    member.session_version += 1
    member.failed_logins, member.locked_until = 0, None
    record(actor, "staff.password_reset", "staff", member.id, username=member.username)
    return member
