"""Who a batch of outbox messages is for, in a few set-based queries (not a few per message).

An applicant is reached at the account's phone and mini-program openid, the email of their latest
application that has one, the official-account openid bound to the account, and the subscribe
templates they hold grants for; a staff member at the member's email while the member is active.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select

from server.accounts.models import Account, StaffMember
from server.applications.models import Application
from server.extensions import db
from server.messages.channels import Recipient
from server.messages.models import OutboxMessage
from server.official_account.binding import openids_of
from server.subscriptions.services import held_templates


def recipients_of(messages: Iterable[OutboxMessage]) -> dict[int, Recipient]:
    """Each message's recipient, by message id."""
    messages = list(messages)
    applicants = _applicants({m.account_id for m in messages if m.account_id is not None})
    members = _staff({m.staff_id for m in messages if m.staff_id is not None})
    return {m.id: applicants[m.account_id] if m.account_id is not None else members[m.staff_id]
            for m in messages}


def _applicants(account_ids: Collection[int]) -> dict[int, Recipient]:
    if not account_ids:
        return {}
    emails, openids, grants = _latest_emails(account_ids), openids_of(account_ids), held_templates(account_ids)
    accounts = db.session.execute(select(Account.id, Account.phone, Account.wechat_openid)
                                  .where(Account.id.in_(account_ids)))
    return {account_id: Recipient(account_id, phone, emails.get(account_id), miniprogram_openid,
                                  official_account_openid=openids.get(account_id),
                                  subscribe_templates=grants.get(account_id, frozenset()))
            for account_id, phone, miniprogram_openid in accounts}


def _latest_emails(account_ids: Collection[int]) -> dict[int, str]:
    """The email of each account's latest application that gives one."""
    latest: dict[int, str] = {}
    for account_id, email in db.session.execute(
            select(Application.account_id, Application.email)
            .where(Application.account_id.in_(account_ids), Application.email.is_not(None))
            .order_by(Application.account_id, Application.created_at.desc(), Application.id.desc())):
        latest.setdefault(account_id, email)
    return latest


def _staff(staff_ids: Collection[int]) -> dict[int, Recipient]:
    if not staff_ids:
        return {}
    members = db.session.execute(select(StaffMember.id, StaffMember.email, StaffMember.active)
                                 .where(StaffMember.id.in_(staff_ids)))
    return {member_id: Recipient(None, None, email if active else None, None, staff_id=member_id)
            for member_id, email, active in members}
