"""Staff members of the console: created by an admin command, logged in with the same lockout."""
from __future__ import annotations

import re

from sqlalchemy import select

from server.accounts import lockout
from server.accounts.actors import Actor
from server.accounts.models import StaffMember, StaffRole
from server.accounts.passwords import hash_password, verify_password
from server.accounts.rules import password_problem
from server.audit.services import record
from server.errors import Conflict, InvalidInput
from server.extensions import db
from server.mail.message import is_mail_address
from server.reference.options import bundled_options
from server.transactions import atomic

STAFF_USERNAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{2,39}$"
WRONG_PASSWORD = "用户名或密码错误"


@atomic
def create_staff(username: str, display_name: str, password: str, role: StaffRole,
                 prefecture_code: str | None, actor: Actor, *, email: str | None = None) -> StaffMember:
    problems: dict[str, str] = {}
    if email and (len(email) > 60 or not is_mail_address(email)):
        problems["email"] = "电子邮箱格式不正确（不超过60个字符）"
    if not re.fullmatch(STAFF_USERNAME_PATTERN, username):
        problems["username"] = "用户名须为3-40位字母、数字或 _ . -，且以字母开头"
    if not display_name.strip() or len(display_name) > 40:
        problems["display_name"] = "姓名须为1-40个字符"
    if problem := password_problem(password):
        problems["password"] = problem
    if role is StaffRole.reviewer and bundled_options().prefecture(prefecture_code or "") is None:
        problems["prefecture_code"] = "审核员须属于一个地州市（请填写14个地州市之一的代码）"
    if role is not StaffRole.reviewer and prefecture_code:
        problems["prefecture_code"] = "只有审核员属于地州市"
    if problems:
        raise InvalidInput(next(iter(problems.values())), problems)
    username = username.lower()
    if db.session.execute(select(StaffMember.id).where(StaffMember.username == username)).first():
        raise Conflict("该用户名已被使用", {"username": "该用户名已被使用"})
    member = StaffMember(username=username, display_name=display_name.strip(),
                         password_hash=hash_password(password), role=role,
                         prefecture_code=prefecture_code, email=email or None)
    db.session.add(member)
    db.session.flush()
    record(actor, "staff.created", "staff", member.id, role=role.value, prefecture=prefecture_code)
    return member


@atomic
def authenticate_staff(username: str, password: str) -> StaffMember:
    member = db.session.execute(
        select(StaffMember).where(StaffMember.username == username.strip().lower(),
                                  StaffMember.active.is_(True)).with_for_update()
    ).scalar_one_or_none()
    if member is None:
        verify_password(None, password)
        raise InvalidInput(WRONG_PASSWORD, {"password": WRONG_PASSWORD})
    lockout.check_password(member, password, "password", WRONG_PASSWORD)
    record(Actor.staff(member), "staff.logged_in", "staff", member.id)
    return member


@atomic
def end_sessions(member_id: int, session_version: int | None) -> None:
    """Logout: the member's session version moves on, so the signed cookie of this session (and any
    copy of it) is refused from now on, not only forgotten by this browser. Other open sessions of
    the same member end too: the console keeps one version per member. A cookie already outdated
    changes nothing."""
    member = db.session.execute(
        select(StaffMember).where(StaffMember.id == member_id).with_for_update()).scalar_one_or_none()
    if member is None or member.session_version != session_version:
        return
    member.session_version += 1
    record(Actor.staff(member), "staff.logged_out", "staff", member.id)
