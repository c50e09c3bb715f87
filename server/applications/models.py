"""The application (专家申报) of one applicant in one batch, with its lists and snapshots."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.clock import now
from server.models_base import Base


class ApplicationState(str, enum.Enum):
    draft = "draft"
    info_submitted = "info_submitted"
    pending_review = "pending_review"
    rejected = "rejected"
    approved = "approved"
    paid = "paid"
    refunded = "refunded"
    admitted = "admitted"
    failed = "failed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    ApplicationState.draft: "资料填写",
    ApplicationState.info_submitted: "资料提交审核",
    ApplicationState.pending_review: "待审核",
    ApplicationState.rejected: "已驳回",
    ApplicationState.approved: "审核通过",
    ApplicationState.paid: "已缴费",
    ApplicationState.refunded: "已退费",
    ApplicationState.admitted: "已入库",
    ApplicationState.failed: "未通过",
}


def _file_ref():
    return mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("account_id", "batch_id"),
        # One submitted application per person (ID number) per batch, across accounts.
        UniqueConstraint("batch_id", "submitted_id_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    state: Mapped[ApplicationState] = mapped_column(
        Enum(ApplicationState, native_enum=False, length=20), default=ApplicationState.draft, index=True)
    kind: Mapped[str | None] = mapped_column(String(10))  # new | renewal
    # Basic (基本信息)
    name: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str | None] = mapped_column(String(1))
    id_number_encrypted: Mapped[str | None] = mapped_column(Text)
    id_number_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    id_number_last4: Mapped[str | None] = mapped_column(String(4), index=True)
    birth: Mapped[str | None] = mapped_column(String(7))
    political_affiliation: Mapped[str | None] = mapped_column(String(2))
    prefecture_code: Mapped[str | None] = mapped_column(String(6), index=True)
    title: Mapped[str | None] = mapped_column(String(30))
    title_level: Mapped[str | None] = mapped_column(String(10))
    education: Mapped[str | None] = mapped_column(String(10))
    degree: Mapped[str | None] = mapped_column(String(10))
    school: Mapped[str | None] = mapped_column(String(50))
    major: Mapped[str | None] = mapped_column(String(50))
    photo_file_id: Mapped[int | None] = _file_ref()
    id_card_front_file_id: Mapped[int | None] = _file_ref()
    id_card_back_file_id: Mapped[int | None] = _file_ref()
    title_certificate_file_id: Mapped[int | None] = _file_ref()
    education_proof_file_id: Mapped[int | None] = _file_ref()
    # Qualification (资格信息)
    profession_level1: Mapped[str | None] = mapped_column(String(3))
    profession_level2: Mapped[str | None] = mapped_column(String(5))
    years_of_practice: Mapped[int | None]
    work_unit: Mapped[str | None] = mapped_column(String(50))
    unit_credit_code: Mapped[str | None] = mapped_column(String(18))
    unit_credit_code_confirmed: Mapped[bool] = mapped_column(default=False)
    unit_office_phone: Mapped[str | None] = mapped_column(String(15))
    # Evaluation (参评信息)
    accepts_remote_evaluation: Mapped[bool | None]
    willing_emergency_expert: Mapped[bool | None]
    email: Mapped[str | None] = mapped_column(String(30))
    backup_mobile: Mapped[str | None] = mapped_column(String(11))
    # Specialties (评标专业): flat lists of catalog codes in the order picked
    primary_specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    alternate_specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Experience, renewal, commitment
    work_experience: Mapped[str | None] = mapped_column(Text)
    evaluation_experience: Mapped[str | None] = mapped_column(Text)
    commitment_letter_file_id: Mapped[int | None] = _file_ref()
    # Review (资格审核)
    signed_sheet_file_id: Mapped[int | None] = _file_ref()
    review_submitted_at: Mapped[datetime | None]
    # The prefecture of the latest submission: whose reviewers see it (a draft's edits move nothing).
    review_prefecture_code: Mapped[str | None] = mapped_column(String(6), index=True)
    approved_at: Mapped[datetime | None]
    expert_number: Mapped[str | None] = mapped_column(String(24), unique=True)
    # Bookkeeping
    submitted_id_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)
    submitted_at: Mapped[datetime | None]
    state_changed_at: Mapped[datetime] = mapped_column(default=now)
    version: Mapped[int] = mapped_column(default=1)
    # How many times it was submitted (its snapshots) and decided (its review decisions): the next
    # snapshot's sequence without counting, and no decisions asked for when there are none.
    submission_count: Mapped[int] = mapped_column(default=0)
    decision_count: Mapped[int] = mapped_column(default=0)

    certificates: Mapped[list["Certificate"]] = relationship(
        order_by="Certificate.id", cascade="all, delete-orphan", lazy="selectin")
    avoidance_units: Mapped[list["AvoidanceUnit"]] = relationship(
        order_by="AvoidanceUnit.id", cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}


class Certificate(Base):
    """A professional qualification certificate (职业资格): name, registration number, PDF proof."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(50))
    registration_number: Mapped[str | None] = mapped_column(String(50))
    proof_file_id: Mapped[int | None] = _file_ref()


class AvoidanceUnit(Base):
    """An organisation the expert must not evaluate (回避单位)."""

    __tablename__ = "avoidance_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    credit_code_confirmed: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str | None] = mapped_column(String(200))


class ApplicationSnapshot(Base):
    """The whole application as submitted, frozen: the review sheet, diffs and audit read it."""

    __tablename__ = "application_snapshots"
    __table_args__ = (UniqueConstraint("application_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int]
    taken_at: Mapped[datetime] = mapped_column(default=now)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class DesktopUploadCode(Base):
    """A short code that lets a desktop browser upload one PDF into one slot of one application."""

    __tablename__ = "desktop_upload_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
