"""Who acts: a role, the prefectures a role may see (its scope), and the actor of one change."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from server.accounts.models import StaffMember, StaffRole


class Role(str, enum.Enum):
    applicant = "applicant"
    reviewer = "reviewer"
    association = "association"
    admin = "admin"
    system = "system"


@dataclass(frozen=True)
class Scope:
    """The prefectures whose submitted applications a viewer sees; `None` means all of them."""

    prefecture_codes: frozenset[str] | None = frozenset()

    @classmethod
    def of(cls, member: StaffMember) -> "Scope":
        if not member.active:
            return cls()
        if member.role is StaffRole.reviewer:
            return cls(frozenset({member.prefecture_code}) if member.prefecture_code else frozenset())
        return cls(None)

    def covers(self, prefecture_code: str | None) -> bool:
        if self.prefecture_codes is None:
            return True
        return prefecture_code is not None and prefecture_code in self.prefecture_codes

    def where(self, column):
        """A SQL condition on a prefecture column that keeps what this scope sees."""
        return column.is_not(None) if self.prefecture_codes is None else column.in_(sorted(self.prefecture_codes))


@dataclass(frozen=True)
class Actor:
    """The one who takes an action: `kind` and `id` go to the audit log, `role` and `scope` decide."""

    kind: str  # applicant | staff | system
    id: int | None
    role: Role
    scope: Scope = field(default_factory=Scope)

    @classmethod
    def applicant(cls, account_id: int) -> "Actor":
        return cls("applicant", account_id, Role.applicant)

    @classmethod
    def staff(cls, member: StaffMember) -> "Actor":
        return cls("staff", member.id, Role(member.role.value), Scope.of(member))

    @classmethod
    def system(cls) -> "Actor":
        return cls("system", None, Role.system, Scope(None))
