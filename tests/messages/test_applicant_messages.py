"""The applicant's messages: review results written with the decision (or not at all), the
context each kind's texts read, and every text within WeChat's and Tencent's limits."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from server.applications import submission
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.dev.devserver import SANDBOX_SMS_TEMPLATE_IDS
from server.exams.messages import result_context
from server.exams.models import ExamResult
from server.extensions import db
from server.messages import applicant_messages as am
from server.messages.kinds import all_kinds, kind_of
from server.messages.models import OutboxMessage
from server.messages.texts import placeholders, sms_text, wechat_fields
from server.notices.messages import context_of
from server.notices.models import Notice
from server.reminders import kinds as reminder_kinds  # noqa: F401  (registers the scheduler's kinds)
from server.review import services as review
from server.review.models import ReviewDecision
from server.sms import template_param_problems
from server.transactions import atomic
from server.wechat.template_fields import subscribe_data_problems, template_data_problems


def _messages() -> list[OutboxMessage]:
    return list(db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_rejection_writes_one_message_with_the_reasons_and_the_resubmission_deadline(app_context, build):
    application_id = build.rejected(reasons="职称证书复印件不清晰，请重新上传")
    [message] = _messages()
    application = db.session.get(Application, application_id)
    decision = db.session.execute(select(ReviewDecision)).scalar_one()
    assert (message.account_id, message.kind) == (application.account_id, "review_rejected")
    assert message.subject == f"application:{application_id}:decision:{decision.id}"
    assert message.context["reasons"] == "职称证书复印件不清晰，请重新上传"
    assert message.context["resubmit_by"] == "2026年12月2日 18:30"
    assert message.context["resubmit_by_short"] == "12月2日18:30"


def test_a_rolled_back_rejection_writes_no_message(app_context, build):
    application_id = build.pending()
    reviewer = build.reviewer_of("650100")

    @atomic
    def reject_then_fail() -> None:
        review.reject(application_id, reviewer, "材料不全", {}, None)
        raise RuntimeError("the transaction fails after the decision")

    with pytest.raises(RuntimeError):
        reject_then_fail()
    assert _messages() == []
    assert db.session.get(Application, application_id).state is S.pending_review


def test_an_approval_writes_the_expert_number_and_from_when_to_pay(app_context, build):
    application_id = build.approved()
    [message] = _messages()
    application = db.session.get(Application, application_id)
    assert message.kind == "review_approved"
    assert message.context["expert_number"] == application.expert_number
    assert (message.context["pay_from"], message.context["pay_until"]) == ("2026年11月30日 12:00", "2026年12月4日 18:30")
    assert message.context["fee"] == "350.00"


def test_each_decision_is_its_own_message_a_resubmission_is_told_again(app_context, build):
    application_id = build.rejected()
    owner = build.owner(application_id)
    submission.withdraw(owner)
    submission.submit_info(owner)
    submission.submit_for_review(owner, build.file(owner.id, "signed_review_sheet"))
    build.decide(application_id, S.approved)
    assert [m.kind for m in _messages()] == ["review_rejected", "review_approved"]


# -- the texts, at their longest --------------------------------------------------------------

def _worst_batch() -> Batch:
    moment = datetime(2026, 12, 31, 10, 30, tzinfo=UTC)
    return Batch(id=1234, name="2026年新疆维吾尔自治区住房和城乡建设领域评标专家第二批公开选聘" * 2,
                 registration_opens_at=moment, registration_closes_at=moment + timedelta(days=1),
                 review_closes_at=moment + timedelta(days=2), payment_opens_at=moment,
                 payment_closes_at=moment + timedelta(days=3), fee_cents=9_999_999, payment_delay_days=5)


def _worst_contexts() -> dict[str, dict]:
    """Every kind with WeChat or SMS texts, its context at its longest (the reminders' as
    server/reminders/services.py writes them)."""
    batch = _worst_batch()
    application = Application(id=2_000_000_000, batch_id=batch.id, expert_number="B1234-654300-9999",
                              approved_at=datetime(2026, 12, 31, 15, 59, tzinfo=UTC))
    decision = ReviewDecision(reasons="身份证复印件不清晰，" * 100)
    reminder = {"batch": batch.name, "deadline": "12月31日 23:59", "deadline_at": "2026年12月31日 23:59"}
    return {"review_approved": am.approved_context(application, batch),
            "review_rejected": am.rejected_context(application, batch, decision),
            "notice_posted": context_of(Notice(id=2_000_000_000, title="关于2026年度评标专家入库培训及考试安排的通知" * 3,
                                               published_at=datetime(2026, 12, 31, 15, 59, tzinfo=UTC)), batch),
            "exam_admitted": result_context(application, batch, ExamResult(passed=True, score="100.0",
                                            recorded_at=datetime(2026, 12, 31, 15, 59, tzinfo=UTC))),
            "exam_failed": result_context(application, batch, ExamResult(passed=False, score="100.0",
                                          recorded_at=datetime(2026, 12, 31, 15, 59, tzinfo=UTC))),
            "payment_open": {**reminder, "amount": "99999.99"},
            "reminder_payment": {**reminder, "amount": "99999.99"},
            "reminder_submit_info": reminder, "reminder_submit_for_review": reminder, "reminder_resubmit": reminder}


def _reaching(kind) -> bool:
    return bool(kind.options.get("subscribe") or kind.options.get("template") or kind.must_reach)


def test_every_kind_wechat_or_sms_can_carry_is_checked_here():
    assert {kind.name for kind in all_kinds() if _reaching(kind)} == set(_worst_contexts())


@pytest.mark.parametrize("kind", sorted(_worst_contexts()))
def test_wechat_texts_fit_the_field_limits_even_at_their_longest(app_context, kind):
    context = _worst_contexts()[kind]
    channels = {"subscribe": subscribe_data_problems, "template": template_data_problems}
    for channel, problems in channels.items():
        if kind_of(kind).options.get(channel) is None:
            continue
        fields = wechat_fields(kind, channel, context)
        assert fields and problems(fields) == [], (channel, fields)


@pytest.mark.parametrize("kind", sorted(k for k in _worst_contexts() if kind_of(k).must_reach))
def test_sms_parameters_fit_tencents_limits_and_the_approved_text(app_context, kind):
    text = sms_text(kind, _worst_contexts()[kind])
    assert template_param_problems(text.params) == []
    assert placeholders(text.text) == len(text.params) and "【" not in text.text and "http" not in text.text
    assert len(text.shown()) + len("【新疆建设工程招标投标协会】") <= 500  # Tencent's longest SMS
    assert kind in SANDBOX_SMS_TEMPLATE_IDS  # the demo has an id for it


def test_a_rejection_by_field_marks_alone_says_where_to_look():
    batch = _worst_batch()
    context = am.rejected_context(Application(id=1), batch, ReviewDecision(reasons=None))
    assert context["reasons"] == am.MARKS_ONLY and len(context["reasons_short"]) <= 20


def test_the_texts_read_as_the_applicant_would(app_context, build):
    build.rejected(reasons="请补充一级注册建筑师证书")
    [message] = _messages()
    assert wechat_fields("review_rejected", "subscribe", message.context) == {
        "thing1": "评标专家资格审核", "phrase2": "已驳回", "thing3": "请补充一级注册建筑师证书",
        "thing4": "查看理由，修改后重新提交", "time5": "2026年12月2日 18:30"}
    assert sms_text("review_rejected", message.context).shown() == (
        "您的评标专家申报未通过资格审核，请登录“评标专家申报”小程序查看驳回理由，修改后于12月2日18:30前重新提交。")
