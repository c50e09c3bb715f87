"""The messaging part of `make run`'s demo: two applications waiting for review, their WeChat
side in the sandbox, and Tencent's approved SMS texts.

- 张三 (the demo applicant, `demo_applicant`) is waiting for review and not yet bound: a binding
  QR code for them is in the sandbox's official-account page, ready to be "scanned".
- 李四 (`demo_applicant2`) is waiting for review and follows the official account already (bound
  by the unionid WeChat gives for someone who logged in to the mini-program with WeChat).

Rejecting or approving them in the console writes their messages; the scheduler's sender
delivers them within a minute, and the sandbox's messages page shows what was sent.
"""
from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import select

from server.accounts.models import Account
from server.accounts.passwords import hash_password
from server.applications.models import Application
from server.dev.demo import DEMO_PERSON
from server.dev.demo_application import DemoPerson, ensure_sent_for_review
from server.extensions import db
from server.messages.texts import sms_template_texts
from server.official_account import binding
from server.official_account.models import OfficialAccountBinding
from server.sandbox import SandboxServer
from server.transactions import atomic

SECOND_APPLICANT = ("demo_applicant2", "13900139000")


PEOPLE = (DEMO_PERSON, DemoPerson(*SECOND_APPLICANT, "李四", "65010219800202002", "demo_applicant2@example.com"))


@atomic
def _account(person: DemoPerson) -> Account:
    account = db.session.execute(select(Account).where(Account.username == person.username)).scalar_one_or_none()
    if account is None:  # the demo applicant's own row comes from demo.py; the second one from here
        # Nobody logs in as them in the demo: a password nobody knows.
        account = Account(username=person.username, phone=person.phone,
                          password_hash=hash_password(secrets.token_urlsafe(18)))
        db.session.add(account)
        db.session.flush()
    return account


def _send_for_review(person: DemoPerson) -> None:
    """The person's application filled, submitted and sent for review, unless they have one."""
    account = _account(person)
    if db.session.scalar(select(Application.id).where(Application.account_id == account.id)) is None:
        ensure_sent_for_review(account, person)


@atomic
def _logged_in_with_wechat(account: Account, unionid: str) -> None:
    account.wechat_unionid = unionid


def _follow(sandbox: SandboxServer, account: Account) -> None:
    """The second applicant logged in with WeChat and follows the official account: WeChat's
    unionid binds them (no QR code needed)."""
    if binding.binding_of(account.id) is not None:
        return
    unionid = f"demo-unionid-{account.id}"
    _logged_in_with_wechat(account, unionid)
    binding.bind_by_unionid(sandbox.add_follower(unionid=unionid), unionid)


def register_sms_templates(sandbox: SandboxServer) -> None:
    """Tencent's approved texts, as the sandbox checks SMS parameters against them."""
    for kind, text in sms_template_texts().items():
        template_id = current_app.config["SMS_TEMPLATE_IDS"].get(kind)
        if template_id:
            sandbox.register_sms_template(template_id, text)


def prepare(sandbox: SandboxServer) -> None:
    """Call in an app context once the demo data is loaded and the sandbox runs."""
    register_sms_templates(sandbox)
    for person in PEOPLE:
        _send_for_review(person)
    # The sandbox starts empty every run; our database remembers who follows.
    for openid in db.session.execute(select(OfficialAccountBinding.openid)).scalars():
        sandbox.add_follower(openid)
    first, second = (_account(person) for person in PEOPLE)
    _follow(sandbox, second)
    if binding.binding_of(first.id) is None:
        binding.binding_code(first)  # the one QR code on the sandbox's page: 张三's
