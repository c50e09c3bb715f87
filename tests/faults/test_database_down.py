"""The database going away in the middle of a request (a restart, a failover): the request fails
cleanly with a 503 in Chinese, nothing is half-written, and the next request succeeds.

On PostgreSQL the request's own server process is really terminated mid-transaction
(`pg_terminate_backend`); on SQLite, whose file cannot "restart", the same statement fails with the
error the driver gives for a lost database. A connection that sat idle is pinged before use, so
a restart while nobody asked costs no request."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from time import monotonic

import psycopg
from sqlalchemy import event, func, select

from server import database
from server.applications.models import Application
from server.audit.models import AuditEntry
from server.extensions import db
from server.messages.models import OutboxMessage
from server.payments.messages import PAYMENT_RECEIVED
from server.payments.models import Payment, Receipt
from tests.fixtures.forms import CURRENT
from tests.fixtures.payments import orders_of, payments_of


@contextmanager
def database_lost_at(app, marker: str):
    """The first statement containing `marker` finds its database connection gone."""
    fired = []

    def lose(connection, _cursor, statement, *_rest):
        if marker not in statement or fired:
            return
        fired.append(statement)
        if connection.dialect.name == "postgresql":
            pid = connection.connection.dbapi_connection.info.backend_pid
            with psycopg.connect(connection.engine.url.set(drivername="postgresql").render_as_string(
                    hide_password=False), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        else:
            raise sqlite3.OperationalError("disk I/O error")

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lose)
    try:
        yield fired
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", lose)


def test_a_save_interrupted_by_the_database_is_a_503_and_saves_nothing(app, client, applicant):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "苏航"})
    with database_lost_at(app, "UPDATE applications") as fired:
        response = client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "李四", "school": "新疆大学"})
    assert fired and response.status_code == 503
    assert response.json["message"] == "服务暂时无法访问数据库，请稍后重试（已保存的内容不受影响）"
    after = client.get(CURRENT, headers=applicant)
    assert after.status_code == 200
    assert (after.json["basic"]["name"], after.json["basic"]["school"]) == ("苏航", None)


def test_a_console_page_interrupted_by_the_database_says_so_in_a_page(app, client, staff, console):
    staff()
    console.login()
    with database_lost_at(app, "FROM batches") as fired:
        response = client.get("/console/batches")
    assert fired and response.status_code == 503 and "服务暂时无法访问数据库" in response.get_data(as_text=True)
    assert client.get("/console/batches").status_code == 200


def _fee_state(app, application_id: int) -> tuple:
    """What a payment writes: the application's state, its orders' states, payments, receipts,
    the receipt email queued, the audit rows."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        receipts_written = db.session.scalar(select(func.count()).select_from(Receipt).join(
            Payment, Receipt.payment_id == Payment.id).where(Payment.application_id == application_id))
        mails = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.account_id == application.account_id, OutboxMessage.kind == PAYMENT_RECEIVED))
        audited = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
            ("application.payment_recorded", "payment_order.paid")))).all()
        return (application.state.value, [order.state.value for order in orders_of(application_id)],
                len(payments_of(application_id)), receipts_written, mails, sorted(audited))


# The last statement of a payment's transaction: the order, the payment, the state change, the
# receipt and the audit rows are all written (uncommitted) when the connection goes.
LAST_OF_A_PAYMENT = "INSERT INTO outbox_messages"


def test_a_payment_notification_cut_off_by_the_database_writes_nothing_and_the_resend_pays_once(
        app, paying, sandbox):
    application_id = paying.application()
    number = paying.start(application_id, "native").out_trade_no
    before = _fee_state(app, application_id)
    with database_lost_at(app, LAST_OF_A_PAYMENT) as fired:
        [delivery] = sandbox.pay(number)
    # WeChat Pay's own "try again later" (v3: a 5xx with FAIL), so it sends the notification again
    assert fired and delivery.status >= 500 and '"FAIL"' in delivery.reply, delivery
    assert _fee_state(app, application_id) == before
    [again] = sandbox.notify_payment_again(number)
    assert again.status in (200, 204), again
    paid = ("paid", ["paid"], 1, 1, 1, ["application.payment_recorded", "payment_order.paid"])
    assert _fee_state(app, application_id) == paid
    [late] = sandbox.notify_payment_again(number)
    assert late.status in (200, 204) and _fee_state(app, application_id) == paid
    assert paying.send_messages() == 1
    assert [mail.to for mail in sandbox.mails] == ["zhangsan@example.com"]


def test_a_payment_check_cut_off_by_the_database_is_a_503_in_chinese_and_the_retry_records_it_once(
        app, client, paying, sandbox):
    application_id = paying.application()
    headers = paying.bearer(application_id)
    number = paying.start(application_id, "native").out_trade_no
    sandbox.pay(number, notify=False)  # paid at WeChat Pay; only a query learns it
    before = _fee_state(app, application_id)
    check = f"{CURRENT}/payment/orders/{number}/check"
    with database_lost_at(app, LAST_OF_A_PAYMENT) as fired:
        response = client.post(check, headers=headers)
    assert fired and response.status_code == 503
    assert response.json["message"] == "服务暂时无法访问数据库，请稍后重试（已保存的内容不受影响）"
    assert _fee_state(app, application_id) == before
    retried = client.post(check, headers=headers)
    assert retried.status_code == 200 and retried.json["state"] == "paid"
    assert client.post(check, headers=headers).json["state"] == "paid"
    assert _fee_state(app, application_id) == (
        "paid", ["paid"], 1, 1, 1, ["application.payment_recorded", "payment_order.paid"])


def _pooled_connections_die(app) -> None:
    """Every idle connection of the pool loses its database: on PostgreSQL its server process is
    terminated (a restart); on SQLite the driver's connection is closed under the pool."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with psycopg.connect(engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
                                 autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        else:
            for record in list(engine.pool._pool.queue):
                record.dbapi_connection.close()


def test_after_a_restart_while_idle_the_next_request_gets_a_live_connection(app, client, applicant, monkeypatch):
    assert client.get(CURRENT, headers=applicant).status_code == 200
    with app.app_context():
        busy = [db.engine.connect() for _ in range(8)]  # more pooled connections than the request needs
        for connection in busy:
            connection.close()
    _pooled_connections_die(app)
    later = monotonic() + database.IDLE_PING_SECONDS + 1
    monkeypatch.setattr(database, "monotonic", lambda: later)  # the pool sat idle meanwhile
    try:
        response = client.put(f"{CURRENT}/basic", headers=applicant, json={"school": "新疆大学"})
        assert response.status_code == 200 and response.json["basic"]["school"] == "新疆大学"
    finally:
        with app.app_context():
            db.engine.dispose()  # the dead connections this request did not need (the clock goes back)


def test_a_connection_used_moments_ago_is_not_pinged(app, client, applicant, monkeypatch):
    with app.app_context():
        dialect = db.engine.dialect
    pings = []
    ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: pings.append(connection) or ping(connection))
    client.get(CURRENT, headers=applicant)
    client.put(f"{CURRENT}/basic", headers=applicant, json={"school": "新疆大学"})  # three transactions
    assert pings == []
    later = monotonic() + database.IDLE_PING_SECONDS + 1
    monkeypatch.setattr(database, "monotonic", lambda: later)
    client.put(f"{CURRENT}/basic", headers=applicant, json={"school": "新疆师范大学"})  # from the pool
    assert pings


def _kept_connections_die(app) -> None:
    """The connections the status read keeps out of the pool lose their database too."""
    with app.app_context():
        kept, dialect = app.extensions["direct_reads"]["status"].connections, db.engine.dialect.name
    if dialect == "sqlite":
        for cursor in kept._idle:
            cursor.connection.close()
    else:
        _pooled_connections_die(app)  # every server process of the database: the kept ones too


def test_the_status_read_after_a_restart_runs_again_on_a_live_connection(app, client, applicant, monkeypatch):
    first = client.get(CURRENT, headers=applicant)
    assert client.get(CURRENT, headers=applicant).json == first.json  # read through a kept connection
    _kept_connections_die(app)
    _pooled_connections_die(app)
    later = monotonic() + database.IDLE_PING_SECONDS + 1
    monkeypatch.setattr(database, "monotonic", lambda: later)
    try:
        again = client.get(CURRENT, headers=applicant)
        assert again.status_code == 200 and again.json == first.json
        assert client.get(CURRENT, headers=applicant).json == first.json  # a new connection kept
    finally:
        with app.app_context():
            db.engine.dispose()
