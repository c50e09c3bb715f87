"""Notices (培训/考试通知): written as drafts, published at once or at a time by the scheduler's
`publish_due`, edited or withdrawn only before they go out; a publication reaches exactly its
audience, once each, in a number of statements that does not grow with the audience."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, insert, select

from server.accounts.actors import Actor
from server.accounts.models import Account, StaffRole
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.models import AuditEntry
from server.clock import now
from server.errors import Conflict, Forbidden, InvalidInput
from server.extensions import db
from server.messages.models import OutboxMessage
from server.notices import services
from server.notices.models import Notice, NoticeRecipient, NoticeState
from server.notices.services import NoticeInput
from tests.fixtures.journey import at_once
from tests.fixtures.staff import staff_member

KARAMAY, URUMQI = "650200", "650100"


@pytest.fixture
def association(app, make_staff) -> Actor:
    member_id = make_staff(StaffRole.association)
    with app.app_context():
        return Actor.staff(staff_member(member_id))


def training(batch: int, states=("paid",), prefectures=(KARAMAY,), title="第一期评标专家培训通知") -> NoticeInput:
    return NoticeInput(title, "培训定于12月10日10:00在乌鲁木齐举行，请携带身份证。", batch, tuple(states),
                       tuple(prefectures))


def recipients(notice_id: int) -> list[int]:
    return sorted(db.session.scalars(select(NoticeRecipient.account_id).where(NoticeRecipient.notice_id == notice_id)))


def notice_messages(notice_id: int) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "notice_posted", OutboxMessage.subject == f"notice:{notice_id}")
        .order_by(OutboxMessage.account_id)))


def owners(application_ids: list[int]) -> list[int]:
    return sorted(db.session.scalars(select(Application.account_id).where(Application.id.in_(application_ids))))


def test_a_notice_to_paid_applicants_in_karamay_reaches_exactly_them_once_each(app, build, batch, association):
    ids = build.many([{"state": S.paid, "prefecture_code": KARAMAY}, {"state": S.paid, "prefecture_code": KARAMAY},
                      {"state": S.paid, "prefecture_code": URUMQI}, {"state": S.approved, "prefecture_code": KARAMAY},
                      {"state": S.pending_review, "prefecture_code": KARAMAY}])
    with app.app_context():
        notice = services.create_notice(training(batch), association)
        published = services.publish_now(notice.id, association)
        assert (published.state, published.recipient_count) == (NoticeState.published, 2)
        expected = owners(ids[:2])
        assert recipients(notice.id) == expected
        messages = notice_messages(notice.id)
        assert [m.account_id for m in messages] == expected
        assert messages[0].context["title"] == "第一期评标专家培训通知"
        assert messages[0].key == f"{expected[0]}:notice_posted:notice:{notice.id}"


def test_a_published_notice_cannot_be_published_edited_or_withdrawn_again(app, build, batch, association):
    build.paid(prefecture_code=KARAMAY)
    with app.app_context():
        notice = services.create_notice(training(batch), association)
        services.publish_now(notice.id, association)
        for change in (lambda: services.publish_now(notice.id, association),
                       lambda: services.update_notice(notice.id, training(batch, title="改"), association),
                       lambda: services.withdraw(notice.id, association)):
            with pytest.raises(Conflict, match="通知已发布，不能再修改或撤回"):
                change()
        assert len(notice_messages(notice.id)) == 1


def test_a_draft_is_edited_and_its_audience_follows_the_edit(app, build, batch, association):
    urumqi = build.paid(prefecture_code=URUMQI)
    with app.app_context():
        notice = services.create_notice(training(batch), association)
        services.update_notice(notice.id, training(batch, prefectures=(URUMQI,), title="考试通知"), association)
        assert services.publish_now(notice.id, association).title == "考试通知"
        assert recipients(notice.id) == owners([urumqi])


def test_every_wrong_field_is_named_at_once_and_nothing_is_saved(app, batch, association):
    with app.app_context(), pytest.raises(InvalidInput) as refused:
        services.create_notice(NoticeInput(" ", "x" * 5001, 999, ("paid", "sleeping"), ("650200", "110000")),
                               association)
    assert set(refused.value.fields) == {"title", "body", "batch_id", "states", "prefectures"}
    assert "sleeping" not in refused.value.fields["states"] and "paid（已缴费）" in refused.value.fields["states"]
    assert "650200（克拉玛依市）" in refused.value.fields["prefectures"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notice)) == 0


def test_a_notice_needs_at_least_one_state(app, batch, association):
    with app.app_context(), pytest.raises(InvalidInput) as refused:
        services.create_notice(training(batch, states=()), association)
    assert refused.value.fields == {"states": "请至少选择一个申报状态"}


def test_only_association_and_admin_staff_manage_notices(app, batch, make_staff):
    reviewer = make_staff(StaffRole.reviewer, KARAMAY)
    with app.app_context(), pytest.raises(Forbidden):
        services.create_notice(training(batch), Actor.staff(staff_member(reviewer)))


def test_a_scheduled_notice_goes_out_when_due_and_only_once(app, build, batch, association, clock):
    build.paid(prefecture_code=KARAMAY)
    with app.app_context():
        notice = services.create_notice(training(batch), association)
        services.schedule(notice.id, now() + timedelta(hours=2), association)
        assert services.publish_due(now() + timedelta(hours=1)).published == []
        report = services.publish_due(now() + timedelta(hours=2))
        assert (report.published, report.recipients) == ([notice.id], 1)
        assert services.publish_due(now() + timedelta(hours=3)).published == []
        assert len(notice_messages(notice.id)) == 1
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "notice.published"))
        assert (entry.actor_kind, entry.detail) == ("system", {"recipients": 1})


def test_a_withdrawn_or_unscheduled_notice_does_not_go_out(app, build, batch, association):
    build.paid(prefecture_code=KARAMAY)
    with app.app_context():
        withdrawn = services.create_notice(training(batch), association)
        services.schedule(withdrawn.id, now() + timedelta(minutes=30), association)
        services.withdraw(withdrawn.id, association)
        unscheduled = services.create_notice(training(batch), association)
        services.schedule(unscheduled.id, now() + timedelta(minutes=30), association)
        assert services.unschedule(unscheduled.id, association).state is NoticeState.draft
        assert services.publish_due(now() + timedelta(days=1)).published == []
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.kind == "notice_posted")) == 0


def test_a_schedule_in_the_past_is_refused(app, batch, association):
    with app.app_context():
        notice = services.create_notice(training(batch), association)
        with pytest.raises(InvalidInput, match="定时发布时间须晚于当前时间"):
            services.schedule(notice.id, now() - timedelta(minutes=1), association)


def test_the_scheduler_publishes_each_due_notice_in_its_own_turn(app, build, batch, association):
    build.paid(prefecture_code=KARAMAY)
    with app.app_context():
        first, second = (services.create_notice(training(batch, title=f"通知{n}"), association) for n in (1, 2))
        for notice in (first, second):
            services.schedule(notice.id, now() + timedelta(minutes=5), association)
        assert services.publish_due(now() + timedelta(minutes=5), limit=1).published == [first.id]
        assert services.publish_due(now() + timedelta(minutes=5)).published == [second.id]


def _crowd(batch: int, count: int, start: int) -> None:
    """`count` paid applications in 克拉玛依市, written straight to the tables: what is measured
    here is the publication, not how the applicants got to `paid`."""
    db.session.execute(insert(Account), [{"username": f"crowd{start + n}", "phone": f"15{start + n:09d}",
                                          "password_hash": "x"} for n in range(count)])
    accounts = db.session.scalars(select(Account.id).where(Account.username.like("crowd%"))
                                  .order_by(Account.id)).all()[-count:]
    db.session.execute(insert(Application), [{"account_id": account_id, "batch_id": batch, "state": S.paid,
                                              "prefecture_code": KARAMAY} for account_id in accounts])
    db.session.commit()


def _statements_to_publish(notice_id: int, actor: Actor) -> int:
    counted = []

    def count(*_args) -> None:
        counted.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        services.publish_now(notice_id, actor)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(counted)


def test_the_fan_out_to_ten_thousand_takes_as_many_statements_as_to_ten(app, batch, association):
    with app.app_context():
        _crowd(batch, 10, 0)
        few = services.create_notice(training(batch, title="少数人"), association)
        statements_for_ten = _statements_to_publish(few.id, association)
        _crowd(batch, 9_990, 10)
        many = services.create_notice(training(batch, title="一万人"), association)
        statements_for_ten_thousand = _statements_to_publish(many.id, association)
        assert statements_for_ten_thousand == statements_for_ten <= 12
        assert db.session.get(Notice, many.id).recipient_count == 10_000
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.subject == f"notice:{many.id}")) == 10_000


def test_publishing_twice_at_once_publishes_once(app, build, batch, association):
    build.paid(prefecture_code=KARAMAY)
    with app.app_context():
        notice_id = services.create_notice(training(batch), association).id
    outcomes = at_once(app, lambda: services.publish_now(notice_id, association).id,
                       lambda: services.publish_now(notice_id, association).id)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Conflict", "int"]
    with app.app_context():
        assert len(notice_messages(notice_id)) == 1 and len(recipients(notice_id)) == 1


def test_the_scheduler_and_a_withdrawal_at_once_end_in_one_outcome(app, build, batch, association, clock):
    build.paid(prefecture_code=KARAMAY)
    with app.app_context():
        notice_id = services.create_notice(training(batch), association).id
        services.schedule(notice_id, now() + timedelta(minutes=1), association)
        due = now() + timedelta(minutes=1)
    withdrawn, report = at_once(app, lambda: services.withdraw(notice_id, association).state,
                                lambda: services.publish_due(due))
    with app.app_context():
        state = db.session.get(Notice, notice_id).state
        sent = len(notice_messages(notice_id))
    if state is NoticeState.published:
        assert isinstance(withdrawn, Conflict) and report.published == [notice_id] and sent == 1
    else:
        assert withdrawn is NoticeState.withdrawn and report.published == [] and sent == 0
