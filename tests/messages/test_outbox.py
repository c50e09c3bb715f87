"""The outbox: written with the change that causes it, once per (person, kind, subject), delivered
after the commit by the sender, retried when the channel fails for a while, failed when it cannot."""
from __future__ import annotations

from datetime import timedelta

import pytest
from jinja2 import ChoiceLoader, DictLoader, TemplateNotFound
from sqlalchemy import func, literal, select

from server.accounts.actors import Actor
from server.accounts.models import Account, StaffRole
from server.clock import now
from server.extensions import db
from server.mail import Attachment
from server.messages import outbox
from server.messages.kinds import EmailPart, MessageKind, register
from server.messages.models import DeliveryAttempt, MessageState, OutboxMessage
from server.messages.sender import MAX_ROUNDS, NO_CHANNEL, backoff, claim_due, send_due
from server.transactions import atomic
from tests.fixtures.journey import at_once
from tests.fixtures.staff import staff_member

KIND = "outbox_spec_receipt"
register(MessageKind(KIND, "测试凭证", email=EmailPart(
    attachments=lambda context: [Attachment(f"凭证{context['number']}.pdf", "application/pdf", b"%PDF-1.4 test")])))
UNWRITTEN = "outbox_spec_unwritten"  # a kind whose email text nobody wrote: rendering it breaks
register(MessageKind(UNWRITTEN, "测试无文案", email=EmailPart()))
TEXTS = {f"messages/{KIND}/email.txt": "缴费凭证 {{ number }}\n您好，附件是缴费凭证 {{ number }}，请妥善保存。"}


@pytest.fixture
def texts(app):
    """This spec's own message texts, beside the project's."""
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEXTS), original])
    yield
    app.jinja_env.loader = original


@pytest.fixture
def person(app_context) -> int:
    account = Account(username="zhangsan", phone="13800138000", password_hash="x")
    db.session.add(account)
    db.session.commit()
    return account.id


@atomic
def pay_and_enqueue(account_id: int, number: str, refuse: bool = False) -> bool:
    written = outbox.enqueue(account_id, KIND, f"payment:{number}",
                             {"number": number, "email": "zhangsan@example.com"})
    if refuse:
        raise RuntimeError("the payment's transaction fails after the message was written")
    return written


def enqueue_for(accounts: list[int]) -> None:
    """A receipt for each account, each to its own address."""
    for n, account_id in enumerate(accounts):
        with_address = {"number": f"{n:03d}", "email": f"user{n}@example.com"}
        atomic(outbox.enqueue)(account_id, KIND, f"payment:{n:03d}", with_address)


def messages() -> list[OutboxMessage]:
    return list(db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_message_is_written_once_per_person_kind_and_subject(person):
    assert pay_and_enqueue(person, "001") is True
    assert pay_and_enqueue(person, "001") is False
    assert pay_and_enqueue(person, "002") is True
    assert [m.subject for m in messages()] == ["payment:001", "payment:002"]


def test_a_rolled_back_change_writes_no_message(person):
    with pytest.raises(RuntimeError):
        pay_and_enqueue(person, "001", refuse=True)
    assert messages() == []


def test_an_unknown_kind_is_refused_at_once(person):
    with pytest.raises(ValueError, match="unknown message kind"):
        outbox.enqueue(person, "no_such_kind", "x", {})


def test_the_sender_mails_it_with_its_attachment_and_records_the_attempt(person, texts, sandbox):
    pay_and_enqueue(person, "001")
    report = send_due()
    assert (report.sent, report.by_channel) == (1, {"email": 1})
    [mail] = sandbox.mails
    assert mail.subject == "缴费凭证 001" and "请妥善保存" in mail.text
    assert [a.filename for a in mail.attachments] == ["凭证001.pdf"]
    [message] = messages()
    assert (message.state, message.sent_channel, message.attempts) == (MessageState.sent, "email", 1)
    assert db.session.scalar(select(DeliveryAttempt.outcome)) == "sent"


def test_running_the_sender_again_sends_nothing_twice(person, texts, sandbox):
    pay_and_enqueue(person, "001")
    send_due()
    assert send_due().sent == 0 and len(sandbox.mails) == 1


def test_a_mail_server_that_refuses_for_a_while_gets_the_message_later(person, texts, sandbox, clock):
    pay_and_enqueue(person, "001")
    sandbox.mail_fail_next(451)
    assert send_due().retrying == 1 and sandbox.mails == []
    [message] = messages()
    assert message.state is MessageState.pending and message.next_attempt_at == now() + backoff(1)
    assert send_due().sent == 0  # not due yet
    clock.shift(backoff(1).total_seconds())
    assert send_due().sent == 1 and len(sandbox.mails) == 1


def test_a_mail_server_that_is_down_keeps_the_message_waiting(person, texts, sandbox, clock):
    pay_and_enqueue(person, "001")
    sandbox.mail_down()
    try:
        assert send_due().retrying == 1
    finally:
        sandbox.mail_up()
    clock.shift(backoff(1).total_seconds())
    assert send_due().sent == 1 and len(sandbox.mails) == 1


def test_a_refused_address_fails_the_message_for_staff_to_see(person, texts, sandbox):
    pay_and_enqueue(person, "001")
    sandbox.mail_fail_next(550)
    assert send_due().failed == 1
    [message] = messages()
    assert message.state is MessageState.failed and message.last_error.startswith("email:")


def test_after_the_last_round_a_message_is_failed(person, texts, sandbox, clock):
    pay_and_enqueue(person, "001")
    sandbox.mail_fail_next(451, times=MAX_ROUNDS)
    for round_number in range(1, MAX_ROUNDS + 1):
        send_due()
        clock.shift(backoff(round_number).total_seconds())
    [message] = messages()
    assert (message.state, message.attempts) == (MessageState.failed, MAX_ROUNDS) and sandbox.mails == []


def test_a_message_nobody_can_be_reached_for_fails_saying_so(person, texts):
    outbox.enqueue(person, KIND, "payment:001", {"number": "001"})  # no email known
    db.session.commit()
    assert send_due().failed == 1
    assert messages()[0].last_error == NO_CHANNEL


def test_staff_resend_a_failed_message_and_it_goes_out(person, texts, sandbox, make_staff):
    association = make_staff(StaffRole.association, None)
    db.session.rollback()  # see the member the fixture committed
    pay_and_enqueue(person, "001")
    sandbox.mail_fail_next(550)
    send_due()
    message = messages()[0]
    outbox.resend(message.id, Actor.staff(staff_member(association)))
    assert send_due().sent == 1 and len(sandbox.mails) == 1
    assert db.session.scalar(select(func.count()).select_from(DeliveryAttempt)) == 2


def test_a_sender_that_died_lets_its_messages_go_when_its_lease_ends(app, person, texts, sandbox, clock):
    pay_and_enqueue(person, "001")
    assert claim_due(now(), 10) == [messages()[0].id]  # claimed, then the sender dies
    assert send_due().sent == 0
    clock.shift(app.config["OUTBOX_LEASE_SECONDS"] - 1)
    assert send_due().sent == 0
    clock.shift(2)
    assert send_due().sent == 1 and len(sandbox.mails) == 1


@atomic
def enqueue_for_everyone(number: str) -> int:
    everyone = select(Account.id.label("account_id"), literal(f"payment:{number}").label("subject"))
    return outbox.enqueue_many(KIND, everyone, {"number": number})


def test_a_message_to_many_is_written_once_per_person_with_the_same_keys(person, make_account, clock):
    other = make_account()
    assert pay_and_enqueue(person, "001") is True
    assert enqueue_for_everyone("001") == 1  # the person who has it already is skipped
    assert enqueue_for_everyone("001") == 0
    assert pay_and_enqueue(other, "001") is False  # the single path sees the same key
    rows = messages()
    assert sorted(m.key for m in rows) == sorted(outbox.message_key(a, KIND, "payment:001") for a in (person, other))
    assert {(m.state, m.attempts, m.context["number"]) for m in rows} == {(MessageState.pending, 0, "001")}
    assert rows[-1].next_attempt_at == now()


def test_a_message_to_many_goes_out_like_any_other(person, make_account, texts, sandbox):
    enqueue_for_everyone("002")
    assert send_due().failed == 1  # nobody gave an email address: nothing can reach them
    assert messages()[0].last_error == NO_CHANNEL


def test_two_senders_at_once_deliver_each_message_once(app, person, make_account, texts, sandbox):
    accounts = [person, *(make_account() for _ in range(29))]
    enqueue_for(accounts)
    reports = at_once(app, lambda: send_due(chunk=4), lambda: send_due(chunk=4))
    assert sum(report.sent for report in reports) == 30
    assert sorted(mail.subject for mail in sandbox.mails) == sorted(f"缴费凭证 {n:03d}" for n in range(30))
    db.session.expire_all()
    assert {(m.state, m.attempts) for m in messages()} == {(MessageState.sent, 1)}
    assert db.session.scalar(select(func.count()).select_from(DeliveryAttempt)) == 30


def test_a_message_that_breaks_its_channel_keeps_its_lease_and_the_others_are_recorded(app, person, texts, sandbox,
                                                                                       clock):
    pay_and_enqueue(person, "001")
    atomic(outbox.enqueue)(person, UNWRITTEN, "x", {"email": "zhangsan@example.com"})
    with pytest.raises(TemplateNotFound):
        send_due()
    db.session.expire_all()
    receipt, broken = messages()
    assert (receipt.state, receipt.attempts) == (MessageState.sent, 1) and len(sandbox.mails) == 1
    assert (broken.state, broken.attempts) == (MessageState.pending, 0)
    assert broken.claimed_until == now() + timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])


def test_one_persons_messages_go_out_in_the_order_they_were_queued(person, texts, sandbox):
    for number in ("001", "002", "003", "004", "005"):
        pay_and_enqueue(person, number)
    assert send_due().sent == 5
    assert [mail.subject for mail in sandbox.mails] == [f"缴费凭证 00{n}" for n in range(1, 6)]
