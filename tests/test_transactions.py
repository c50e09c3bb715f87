"""One transaction per service call; side effects only after the commit; a rollback sends nothing."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, event, func, select, text

from server.accounts.models import SmsCode, SmsPurpose
from server.accounts.services import request_sms_code
from server.audit.models import AuditEntry
from server.clock import now
from server.database import configure_engine_events
from server.extensions import db
from server.reading import writing
from server.transactions import WriteOutsideTransaction, after_commit, atomic

PHONE = "13800138000"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@atomic
def write_and_queue(done: list, fail: bool = False) -> None:
    db.session.add(AuditEntry(actor_kind="system", action="test.written", subject_kind="test", subject_id="1"))
    after_commit(lambda: done.append(count(AuditEntry)))
    if fail:
        raise RuntimeError("refused")


def test_queued_work_runs_once_the_data_is_committed(app_context):
    done: list[int] = []
    write_and_queue(done)
    assert done == [1]  # it ran after the commit, and saw the committed row


def test_a_rollback_drops_the_queued_work(app_context):
    done: list[int] = []
    with pytest.raises(RuntimeError):
        write_and_queue(done, fail=True)
    assert done == [] and count(AuditEntry) == 0


def test_nested_services_commit_once_at_the_outermost(app_context):
    order: list[str] = []

    @atomic
    def inner() -> None:
        after_commit(lambda: order.append("inner's side effect"))
        db.session.add(AuditEntry(actor_kind="system", action="test.inner", subject_kind="test", subject_id="1"))

    @atomic
    def outer() -> None:
        inner()
        order.append("outer continues")
        raise RuntimeError("outer refuses")

    with pytest.raises(RuntimeError):
        outer()
    assert order == ["outer continues"] and count(AuditEntry) == 0


def test_work_queued_outside_a_transaction_runs_at_once(app_context):
    done: list[str] = []
    after_commit(lambda: done.append("now"))
    assert done == ["now"]


def test_a_rolled_back_sms_request_sends_nothing(app_context, sandbox, batch):
    """The code row and its SMS go together: the transaction that would send it is refused late."""

    @atomic
    def request_then_refuse() -> None:
        request_sms_code(PHONE, SmsPurpose.register)
        raise RuntimeError("something after it refused the whole request")

    with pytest.raises(RuntimeError):
        request_then_refuse()
    assert sandbox.sms_messages == [] and count(SmsCode) == 0
    request_sms_code(PHONE, SmsPurpose.register)
    assert len(sandbox.sms_messages) == 1 and count(SmsCode) == 1


def test_the_sms_is_sent_after_the_commit_not_while_the_write_lock_is_held(app_context, sandbox, batch):
    sent_at_commit: list[int] = []
    listener = lambda _connection: sent_at_commit.append(len(sandbox.sms_messages))  # noqa: E731
    event.listen(db.engine, "commit", listener)
    try:
        request_sms_code(PHONE, SmsPurpose.register)
    finally:
        event.remove(db.engine, "commit", listener)
    assert sent_at_commit == [0] and len(sandbox.sms_messages) == 1


def test_a_request_that_writes_outside_a_transaction_is_a_programming_error(app):
    with app.test_request_context("/"):
        db.session.add(AuditEntry(actor_kind="system", action="test.unmarked", subject_kind="test", subject_id="1"))
        with pytest.raises(WriteOutsideTransaction):
            db.session.flush()
        db.session.rollback()
        db.session.remove()


def test_on_sqlite_reads_begin_deferred_and_writes_immediate(tmp_path):
    """Readers run beside each other and beside the one writer; a writer takes the lock up front."""
    engine = create_engine(f"sqlite:///{tmp_path / 'modes.db'}")
    configure_engine_events(engine)
    begins: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_rest: begins.append(statement) if statement.startswith("BEGIN")
                 else None)
    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))
    token = writing.set(True)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        writing.reset(token)
    engine.dispose()
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]


def test_on_sqlite_reads_go_on_while_a_write_holds_the_lock_and_writers_queue(tmp_path):
    """While one writer holds the write lock, two reads finish at once; a second writer waits for
    the first one's commit, then goes on."""
    engine = create_engine(f"sqlite:///{tmp_path / 'parallel.db'}")
    configure_engine_events(engine)
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE rows (n INTEGER)"))
        setup.execute(text("INSERT INTO rows VALUES (1)"))
    holder = engine.connect()
    token = writing.set(True)
    held = holder.begin()  # BEGIN IMMEDIATE: the write lock, held until the commit below
    writing.reset(token)
    holder.execute(text("INSERT INTO rows VALUES (2)"))

    def read() -> int:
        with engine.connect() as reader:
            return reader.execute(text("SELECT count(*) FROM rows")).scalar_one()

    second_trying, second_wrote = threading.Event(), threading.Event()

    def write() -> None:
        second_trying.set()
        token = writing.set(True)
        try:
            with engine.begin() as writer:
                writer.execute(text("INSERT INTO rows VALUES (3)"))
        finally:
            writing.reset(token)
        second_wrote.set()

    with ThreadPoolExecutor(max_workers=3) as pool:
        writer = pool.submit(write)
        readers = [pool.submit(read) for _ in range(2)]
        assert [future.result(timeout=5) for future in readers] == [1, 1]  # not waiting for the writer
        assert second_trying.wait(timeout=5) and not second_wrote.is_set()  # the second writer waits
        held.commit()
        writer.result(timeout=10)
    holder.close()
    assert read() == 3
    engine.dispose()


def _statements_during(work) -> list[str]:
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return [sql for sql in statements if not sql.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


@pytest.mark.parametrize("keep_loaded", [False, True])
def test_a_service_that_keeps_what_it_loaded_is_not_read_again_to_show_it(app_context, keep_loaded):
    @atomic(keep_loaded=keep_loaded)
    def write() -> AuditEntry:
        entry = AuditEntry(actor_kind="system", action="test.kept", subject_kind="test", subject_id="1")
        db.session.add(entry)
        return entry

    entry = write()
    shown = _statements_during(lambda: (entry.action, entry.at))
    assert (len(shown) == 0) is keep_loaded  # the plain service's result is read again after its commit
    assert entry.action == "test.kept"


def test_a_service_that_keeps_what_it_loaded_still_reads_its_locked_aggregate_afresh(app_context):
    """What the request read before the write stays loaded, so the service must read again,
    under its lock, what it decides on: populate_existing sees a change made in between."""
    code = SmsCode(phone=PHONE, purpose=SmsPurpose.login, code_hash="a", expires_at=now())
    db.session.add(code)
    db.session.commit()
    code_id = db.session.scalar(select(SmsCode.id))
    seen_before = db.session.get(SmsCode, code_id).code_hash
    with db.engine.begin() as elsewhere:
        elsewhere.execute(text("UPDATE sms_codes SET code_hash = 'b'"))

    @atomic(keep_loaded=True)
    def decide() -> str:
        query = select(SmsCode).where(SmsCode.id == code_id).with_for_update()
        return db.session.execute(query.execution_options(populate_existing=True)).scalar_one().code_hash

    assert (seen_before, decide()) == ("a", "b")
