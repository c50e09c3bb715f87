"""What the official account's bot says: the applicant's own status, payment, notices, contacts.

Each reply is the bound applicant's own status only, in words a stranger glancing at their phone
may read: the state, the next step and its deadline, the expert number, the fee. Never the ID
number, the phone number, the name, or the review's reasons (those are read in the mini-program).
Deadlines come from the lifecycle's `allowed_actions`, so they say what the mini-program says.
"""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.applications import lifecycle
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.contacts.services import consultation_reply
from server.extensions import db
from server.money import format_yuan
from server.notices.reading import notices_reply
from server.wechat.template_fields import wechat_time

BIND_HOWTO = ("您还没有绑定申报账号。请打开“评标专家申报”小程序，在“我的”页面点“关注公众号”，"
              "长按识别二维码，即可绑定；之后回复“进度”查询。")
NO_APPLICATION = "您还没有开始填写申报资料，请在“评标专家申报”小程序中填写。"
QR_EXPIRED = "这个二维码已失效。请在小程序“我的”页面重新打开“关注公众号”，扫描新的二维码完成绑定。"
BOUND = "绑定成功。审核结果、缴费提醒和培训考试通知将通过本公众号发送给您。"
NO_NOTICES_UNBOUND = "绑定申报账号后，这里会列出发给您的培训、考试通知。"
MORE = "回复“帮助”查看可查询的内容。"

# The applicant's next step in each state, and the action whose window gives its deadline.
NEXT_STEPS: dict[S, tuple[str, str | None]] = {
    S.draft: ("在小程序中填写并提交申报资料", "submit_info"),
    S.info_submitted: ("打印申请和资格审查表，签字并加盖单位公章后上传，提交审核", "submit_for_review"),
    S.pending_review: ("等待所在地住房城乡建设主管部门审核", None),
    S.rejected: ("在小程序中查看驳回理由，撤回申请，修改后重新提交", "withdraw"),
    S.approved: ("在小程序中网上缴费", "pay"),
    S.paid: ("等待培训、考试通知", None),
    S.refunded: ("培训费已退还，本批次申报结束", None),
    S.admitted: ("已入库，请留意协会的后续通知", None),
    S.failed: ("本批次未通过，请留意下一批次的选聘公告", None),
}


def latest_application(account: Account) -> tuple[Application, Batch] | None:
    """The account's application in its newest batch (read only: the bot creates no draft)."""
    application = db.session.execute(select(Application).where(Application.account_id == account.id)
                                     .order_by(Application.batch_id.desc())).scalars().first()
    if application is None:
        return None
    return application, db.session.get(Batch, application.batch_id)


def _view(application: Application, batch: Batch, account: Account, action: str) -> lifecycle.ActionView | None:
    views = lifecycle.allowed_actions(application, Actor.applicant(account.id), batch)
    return next((view for view in views if view.action == action), None)


def _deadline(application: Application, batch: Batch, account: Account, action: str | None) -> str | None:
    """'截止 2024年12月2日 18:30', or why it cannot be done now (and from when)."""
    if application.state is S.pending_review:
        return f"审核截止 {wechat_time(batch.review_closes_at)}"
    view = _view(application, batch, account, action) if action else None
    if view is None:
        return None
    if not view.allowed:
        return view.reason
    return f"截止 {wechat_time(view.closes_at)}" if view.closes_at else None


def status_text(account: Account) -> str:
    """进度: the state, the expert number once approved, the next step and its deadline."""
    found = latest_application(account)
    if found is None:
        return NO_APPLICATION
    application, batch = found
    step, action = NEXT_STEPS[application.state]
    deadline = _deadline(application, batch, account, action)
    lines = [f"【申报进度】{batch.name}", f"当前状态：{application.state.label}"]
    if application.expert_number:
        lines.append(f"专家编号：{application.expert_number}")
    lines.append(f"下一步：{step}" + (f"（{deadline}）" if deadline else ""))
    return "\n".join(lines)


def payment_text(account: Account) -> str:
    """缴费: may I pay, from when and until when, how much, paid or not."""
    found = latest_application(account)
    if found is None:
        return NO_APPLICATION
    application, batch = found
    fee = f"培训费：{format_yuan(batch.fee_cents)}元"
    if application.state is S.approved:
        view = _view(application, batch, account, "pay")
        if view is not None and view.allowed:
            until = f"，截止 {wechat_time(view.closes_at)}" if view.closes_at else ""
            return f"【缴费】{fee}\n现在可以缴费{until}。请在“评标专家申报”小程序中完成网上缴费。"
        return f"【缴费】{fee}\n{view.reason if view else '暂不能缴费'}。"
    if application.state is S.refunded:
        return f"【缴费】{fee}\n培训费已退还。"
    if application.state in lifecycle.reachable_from(S.paid):
        return f"【缴费】{fee}\n已缴费，无需重复缴费。"
    return f"【缴费】审核通过后才能缴费。您的申报当前为“{application.state.label}”。"


def notices_text(account: Account | None) -> str:
    return notices_reply(account) if account is not None else NO_NOTICES_UNBOUND


def consult_text(account: Account | None) -> str:
    """咨询: the applicant's prefecture's contacts and the association's hotlines."""
    return consultation_reply(account)


def welcome_text(account: Account) -> str:
    return "\n".join([BOUND, status_text(account), MORE])
