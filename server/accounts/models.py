"""Account tables: applicants, their API tokens, SMS codes, and staff members."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.clock import now
from server.models_base import Base


class LoginGuarded:
    """Columns of the login lockout (5 failures lock the account for 15 minutes)."""

    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class Account(LoginGuarded, Base):
    """An applicant's account (the mini-program user)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(20), unique=True)
    phone: Mapped[str] = mapped_column(String(11), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    wechat_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    wechat_unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    password_changed_at: Mapped[datetime] = mapped_column(default=now)


class ApiToken(Base):
    """One login of the mini-program. The bearer token is this row's id, signed."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SmsPurpose(str, enum.Enum):
    register = "register"
    login = "login"
    reset_password = "reset_password"
    change_phone = "change_phone"
    delete_account = "delete_account"


class SmsCode(Base):
    """A code sent by SMS, kept only as a keyed hash."""

    __tablename__ = "sms_codes"
    __table_args__ = (Index("ix_sms_codes_phone_purpose", "phone", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(11))
    purpose: Mapped[SmsPurpose] = mapped_column(Enum(SmsPurpose, native_enum=False, length=20))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    wrong_attempts: Mapped[int] = mapped_column(default=0)
    consumed_at: Mapped[datetime | None]


class SmsThrottle(Base):
    """Per-phone sending budget: one code a minute, ten a (Beijing) day."""

    __tablename__ = "sms_throttles"

    phone: Mapped[str] = mapped_column(String(11), primary_key=True)
    last_sent_at: Mapped[datetime]
    day: Mapped[date]
    day_count: Mapped[int] = mapped_column(default=0)


class StaffRole(str, enum.Enum):
    reviewer = "reviewer"
    association = "association"
    admin = "admin"

    @property
    def label(self) -> str:
        return {"reviewer": "审核员（地州市住建部门）", "association": "招标投标协会",
                "admin": "系统管理员"}[self.value]


class StaffMember(LoginGuarded, Base):
    """A console user. Reviewers belong to exactly one prefecture."""

    __tablename__ = "staff_members"
    __table_args__ = (UniqueConstraint("username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[StaffRole] = mapped_column(Enum(StaffRole, native_enum=False, length=20))
    prefecture_code: Mapped[str | None] = mapped_column(String(6))
    email: Mapped[str | None] = mapped_column(String(60))  # for the review digest; optional
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change: cookie sessions carry it and die when it moves.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now)
