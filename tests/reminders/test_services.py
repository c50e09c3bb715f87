"""Reminders: once per application and stage, before each deadline, in set-based statements; none
for applications created after a stage began; staff moving a deadline move the reminders."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import event, func, insert, select

from server.accounts.actors import Actor
from server.accounts.models import Account, StaffRole
from server.applications.models import Application
from server.batches.models import Batch
from server.batches.services import settings_of, update_batch
from server.clock import BEIJING
from server.extensions import db
from server.messages.models import OutboxMessage
from server.messages.sender import send_due
from server.reminders import services as reminders
from server.reminders.services import current_stage
from tests.fixtures.staff import staff_member

REGISTRATION_CLOSES = datetime(2026, 12, 2, 18, 30, tzinfo=BEIJING)
PAYMENT_CLOSES = datetime(2026, 12, 4, 18, 30, tzinfo=BEIJING)


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    with_kind = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        with_kind = with_kind.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(with_kind))


def drafts(batch_id: int, count: int) -> None:
    """`count` applicants who opened the form (a draft each), in two statements."""
    db.session.execute(insert(Account), [{"username": f"u{n}", "phone": f"139{n:08d}", "password_hash": "x"}
                                         for n in range(count)])
    ids = db.session.scalars(select(Account.id).order_by(Account.id)).all()
    db.session.execute(insert(Application), [{"account_id": i, "batch_id": batch_id} for i in ids])
    db.session.commit()


def statements_of(work) -> list[str]:
    seen: list[str] = []
    listener = lambda _c, _cur, statement, *_rest: seen.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return seen


class TestStages:
    def test_the_stage_is_the_last_one_reached_before_the_deadline(self):
        assert current_stage(REGISTRATION_CLOSES, REGISTRATION_CLOSES - timedelta(days=4)) is None
        assert current_stage(REGISTRATION_CLOSES, REGISTRATION_CLOSES - timedelta(days=2)).name == "3d"
        assert current_stage(REGISTRATION_CLOSES, REGISTRATION_CLOSES - timedelta(hours=20)).name == "1d"
        assert current_stage(REGISTRATION_CLOSES, REGISTRATION_CLOSES - timedelta(minutes=5)).name == "3h"
        assert current_stage(REGISTRATION_CLOSES, REGISTRATION_CLOSES) is None


def test_ten_thousand_drafts_are_reminded_once_each_in_a_few_statements(app_context, batch, clock):
    drafts(batch, 10_000)
    clock.move_to(REGISTRATION_CLOSES - timedelta(days=2))
    statements = statements_of(lambda: reminders.queue_reminders(REGISTRATION_CLOSES - timedelta(days=2)))
    assert len(statements) < 15, statements
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 10_000
    again = statements_of(lambda: reminders.queue_reminders(REGISTRATION_CLOSES - timedelta(days=2)))
    assert len(again) == len(statements)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 10_000  # nothing twice


def test_moving_the_clock_past_each_stage_queues_that_stage_only(app_context, build, clock):
    application_id = build.draft()
    seen = []
    for moment in (REGISTRATION_CLOSES - timedelta(days=2), REGISTRATION_CLOSES - timedelta(hours=23),
                   REGISTRATION_CLOSES - timedelta(hours=2)):
        clock.move_to(moment)
        reminders.queue_reminders(moment)
        reminders.queue_reminders(moment + timedelta(minutes=10))  # the next run of the job
        seen.append([m.subject.rsplit(":", 1)[1] for m in outbox("reminder_submit_info")])
    assert seen == [["3d"], ["3d", "1d"], ["3d", "1d", "3h"]]
    [message] = outbox("reminder_submit_info")[:1]
    assert message.subject.startswith(f"application:{application_id}:reminder_submit_info:202612021830")
    assert message.context["deadline"] == "12月02日 18:30"


def test_each_state_gets_the_reminder_of_its_next_step(app_context, build, clock):
    draft, submitted, rejected, pending = (build.draft(), build.submitted(), build.rejected(), build.pending())
    clock.move_to(REGISTRATION_CLOSES - timedelta(days=2))
    reminders.queue_reminders(REGISTRATION_CLOSES - timedelta(days=2))
    by_kind = {m.kind: m.subject.split(":")[1] for m in outbox() if m.kind.startswith("reminder_")}
    assert by_kind == {"reminder_submit_info": str(draft), "reminder_submit_for_review": str(submitted),
                       "reminder_resubmit": str(rejected)}
    assert str(pending) not in by_kind.values()


def test_an_application_started_after_a_stage_began_waits_for_the_next_stage(app_context, build, clock):
    clock.move_to(REGISTRATION_CLOSES - timedelta(days=2))
    build.draft()  # started with two days left: the "3 days" reminder would be wrong
    reminders.queue_reminders(REGISTRATION_CLOSES - timedelta(days=2))
    assert outbox() == []
    clock.move_to(REGISTRATION_CLOSES - timedelta(hours=20))
    reminders.queue_reminders(REGISTRATION_CLOSES - timedelta(hours=20))
    assert [m.subject.rsplit(":", 1)[1] for m in outbox()] == ["1d"]


def test_extending_the_deadline_moves_the_reminders_with_it(app_context, build, batch, clock, make_staff):
    build.draft()
    clock.move_to(REGISTRATION_CLOSES - timedelta(days=2))
    reminders.queue_reminders(REGISTRATION_CLOSES - timedelta(days=2))
    admin = make_staff(StaffRole.admin, None)
    db.session.rollback()
    settings = settings_of(db.session.get(Batch, batch))
    settings.registration_closes_at = REGISTRATION_CLOSES + timedelta(days=5)
    settings.review_closes_at = settings.registration_closes_at + timedelta(days=1)
    settings.payment_closes_at = settings.registration_closes_at + timedelta(days=2)
    update_batch(batch, settings, Actor.staff(staff_member(admin)))
    later = REGISTRATION_CLOSES + timedelta(days=5) - timedelta(days=2)
    clock.move_to(later)
    reminders.queue_reminders(later)
    assert [m.subject.split(":")[3] for m in outbox()] == ["202612021830", "202612071830"]


def test_approved_and_unpaid_applicants_are_reminded_before_the_payment_deadline(app_context, build, clock):
    build.approved()
    moment = PAYMENT_CLOSES - timedelta(hours=20)
    clock.move_to(moment)
    reminders.queue_reminders(moment)
    [message] = outbox("reminder_payment")
    assert message.context["amount"] == "350.00" and message.context["deadline"] == "12月04日 18:30"


def test_an_approval_too_recent_to_pay_gets_no_payment_reminder(app_context, build, clock):
    clock.move_to(PAYMENT_CLOSES - timedelta(days=3))
    build.approved()  # approved three days before the payment deadline: paying opens after it
    reminders.queue_reminders(PAYMENT_CLOSES - timedelta(hours=20))
    assert outbox("reminder_payment") == []


def test_you_may_pay_now_goes_out_once_on_the_day_payment_opens(app_context, build, clock):
    approved_at = datetime(2026, 11, 25, 12, 0, tzinfo=BEIJING)
    build.approved()
    reminders.queue_payment_open(approved_at + timedelta(days=4))
    assert outbox("payment_open") == []
    for hours in (0, 1, 5):
        reminders.queue_payment_open(approved_at + timedelta(days=5, hours=hours))
    [message] = outbox("payment_open")
    assert message.context["deadline"] == "12月04日 18:30"


def test_reviewers_with_waiting_applications_and_the_association_get_the_digest(
        app_context, build, batch, clock, make_staff, sandbox):
    build.pending()
    build.pending(prefecture_code="650200", sequence=2)
    urumqi = make_staff(StaffRole.reviewer, "650100")
    make_staff(StaffRole.reviewer, "650400")  # nothing waiting there: no mail
    association = make_staff(StaffRole.association, None)
    db.session.rollback()
    for member_id, email in ((urumqi, "urumqi@example.com"), (association, "xiehui@example.com")):
        staff_member(member_id).email = email
    db.session.commit()
    moment = datetime(2026, 12, 1, 9, 0, tzinfo=BEIJING)  # review closes 12-03 18:30
    clock.move_to(moment)
    reminders.queue_review_digest(moment)
    reminders.queue_review_digest(moment + timedelta(hours=3))  # once a day
    send_due(moment)
    mails = {mail.to: mail for mail in sandbox.mails}
    assert set(mails) == {"urumqi@example.com", "xiehui@example.com"}
    assert "尚有1份申请待审核" in mails["urumqi@example.com"].subject
    assert "尚有2份申请待审核" in mails["xiehui@example.com"].subject
    assert "克拉玛依市：1份" in mails["xiehui@example.com"].text

