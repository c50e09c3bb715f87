"""The review results an applicant gets: their kinds, the context each kind's
texts read (frozen when the message is written), and the lifecycle listener that writes the
review results in the same transaction as the decision.

| kind | written by | must reach (SMS) |
| --- | --- | --- |
| review_approved | the `approve` move (this module) | no: payment_open follows when paying opens |
| review_rejected | the `reject` move (this module) | yes |

The deadline reminders and "you may pay now" are the scheduler's (server/reminders/kinds.py).
Texts: templates/messages/<kind>/{subscribe,template,sms}.txt. A kind's `options` name the
templates it uses (server/messages/wechat_templates.py): `subscribe` (a topic of server/subscriptions/topics.py, its id
from WECHAT_SUBSCRIBE_TEMPLATE_IDS), `template` (its id from WECHAT_OA_TEMPLATE_IDS) and `page`,
the mini-program page a card opens. Its SMS template id is SMS_TEMPLATE_IDS[<kind>].
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from server.accounts.actors import Actor
from server.applications import lifecycle
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.extensions import db
from server.messages import outbox
from server.messages.kinds import MessageKind, register
from server.messages.texts import short_time
from server.messages.wechat_templates import wechat_options
from server.money import format_yuan
from server.review.models import ReviewDecision
from server.wechat.template_fields import clip_thing, wechat_time

MARKS_ONLY = "审核员标注了需修改的内容，请在小程序中查看"

REVIEW_APPROVED = register(MessageKind("review_approved", "审核结果（通过）",
                                       options=wechat_options("review_result")))
REVIEW_REJECTED = register(MessageKind("review_rejected", "审核结果（驳回）", must_reach=True,
                                       options=wechat_options("review_result")))


def _moment(name: str, moment: datetime) -> dict[str, str]:
    """An instant as the texts need it: `name` (2024年12月2日 18:30) and `name_short` (12月2日18:30)."""
    return {name: wechat_time(moment), f"{name}_short": short_time(moment)}


# -- contexts ---------------------------------------------------------------------------------

def approved_context(application: Application, batch: Batch) -> dict[str, Any]:
    return {"application_id": application.id, "batch": batch.name, "expert_number": application.expert_number,
            "fee": format_yuan(batch.fee_cents),
            **_moment("pay_from", lifecycle.payment_opens_at(application, batch)),
            **_moment("pay_until", batch.payment_closes_at)}


def rejected_context(application: Application, batch: Batch, decision: ReviewDecision) -> dict[str, Any]:
    reasons = decision.reasons or MARKS_ONLY
    return {"application_id": application.id, "batch": batch.name, "reasons": reasons,
            "reasons_short": clip_thing(reasons), **_moment("resubmit_by", batch.registration_closes_at)}


# -- review results, written with the decision ------------------------------------------------

def decision_subject(application: Application, decision_id: int) -> str:
    """One message per decision: a rejection, a resubmission and an approval are three subjects."""
    return f"application:{application.id}:decision:{decision_id}"


@lifecycle.listen
def write_review_result(application: Application, action: lifecycle.Action, actor: Actor, previous: S,
                        detail: dict[str, Any]) -> None:
    """In the move's transaction: the decision and its message commit together, or neither."""
    if action.name not in ("approve", "reject"):
        return
    batch = db.session.get(Batch, application.batch_id)
    decision = db.session.get(ReviewDecision, detail["decision_id"])
    subject = decision_subject(application, decision.id)
    if action.name == "approve":
        outbox.enqueue(application.account_id, REVIEW_APPROVED.name, subject, approved_context(application, batch))
    else:
        outbox.enqueue(application.account_id, REVIEW_REJECTED.name, subject,
                       rejected_context(application, batch, decision))
