"""Account deletion (注销账号) by its applicant, confirmed by password or SMS code.

Only an account that has never submitted an application may go: a submission's snapshot, review
and audit trail must be kept under the expert-management rules. Deleting removes the drafts, every
upload of the account (claimed by a draft or unclaimed) and its logins; the database cascades do
the rows, and the blobs no other row shares are removed after the commit. One audit row remains.
"""
from __future__ import annotations

from sqlalchemy import delete, exists, func, select

from server.accounts import lockout, sms_codes
from server.accounts.actors import Actor
from server.accounts.models import Account, SmsCode, SmsPurpose
from server.applications import lifecycle
from server.applications.models import Application
from server.audit.services import record
from server.errors import Conflict, InvalidInput
from server.extensions import db
from server.files.blobs import drop_blob_if_unreferenced
from server.files.models import StoredFile
from server.transactions import after_commit, atomic

SUBMITTED = ("您已提交过申报资料，申报记录须按评标专家管理规定保存，账号不能注销；"
             "如有疑问请拨打技术服务咨询热线 0991-8837410")
CONFIRM = "请输入登录密码或短信验证码以确认注销"
WRONG_PASSWORD = "密码不正确"


def has_submitted(account_id: int) -> bool:
    """Whether any application of the account left the draft state once (withdrawn ones did)."""
    return bool(db.session.scalar(select(exists().where(
        Application.account_id == account_id,
        Application.submitted_at.is_not(None) | Application.state.not_in(lifecycle.states_allowing("edit"))))))


def _confirm(account: Account, password: str | None, sms_code: str | None) -> None:
    if password:
        lockout.check_password(account, password, "password", WRONG_PASSWORD)
    elif sms_code:
        sms_codes.consume_code(account.phone, SmsPurpose.delete_account, sms_code)
    else:
        raise InvalidInput(CONFIRM, {"password": CONFIRM})


@atomic
def delete_account(account_id: int, password: str | None = None, sms_code: str | None = None) -> None:
    """Delete the account and everything it owns, or refuse and change nothing."""
    account = db.session.execute(select(Account).where(Account.id == account_id).with_for_update()).scalar_one()
    if has_submitted(account.id):
        raise Conflict(SUBMITTED)
    _confirm(account, password, sms_code)
    files = sorted(set(db.session.scalars(select(StoredFile.sha256).where(StoredFile.owner_account_id == account.id))))
    drafts = db.session.scalar(select(func.count()).where(Application.account_id == account.id))
    record(Actor.applicant(account.id), "account.deleted", "account", account.id, drafts=drafts, files=len(files))
    db.session.execute(delete(SmsCode).where(SmsCode.phone == account.phone))
    db.session.delete(account)
    after_commit(lambda: _drop_blobs(files))


def _drop_blobs(sha256s: list[str]) -> None:
    for sha256 in sha256s:
        drop_blob_if_unreferenced(sha256)
