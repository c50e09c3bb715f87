"""WeChat Pay's notifications over real HTTP: the sandbox pays and notifies our endpoint as WeChat
would. Repeated and concurrent copies record one payment; forged, stale, malformed, unknown or
changed ones are refused in WeChat's format and change nothing."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from server import create_app
from server.applications.models import Application, ApplicationState
from server.audit.models import AuditEntry
from server.dev.devserver import config_for_sandbox
from server.extensions import db
from server.payments import checkout
from server.payments.models import OrderState, Payment, Receipt
from tests.fixtures.payments import account_of, orders_of, payments_of
from tests.fixtures.wechat_pay import XML_BOMB, one_byte_changed, v3_payment_notification

V3 = "/wechat/pay/wechat_v3/payment"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def state_of(application_id: int) -> ApplicationState:
    return db.session.get(Application, application_id).state


def nothing_changed(application_id: int) -> None:
    assert state_of(application_id) is ApplicationState.approved
    assert payments_of(application_id) == []
    assert [order.state for order in orders_of(application_id)] == [OrderState.pending]


def test_fifty_copies_at_once_give_one_paid_order_one_transition_one_receipt_one_email(app, paying, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    deliveries = sandbox.pay(started.out_trade_no, copies=50)
    assert [delivery.status for delivery in deliveries] == [204] * 50
    with app.app_context():
        assert state_of(application_id) is ApplicationState.paid
        [order] = orders_of(application_id)
        [payment] = payments_of(application_id)
        assert order.state is OrderState.paid and payment.amount_fen == 35000 and not payment.duplicate
        assert count(AuditEntry, AuditEntry.action == "application.payment_recorded") == 1
        assert count(AuditEntry, AuditEntry.action == "payment_order.paid") == 1
        assert count(Receipt) == 1
        number = db.session.scalar(select(Receipt.number))
    assert sandbox.mails == []  # written to the outbox with the payment; the sender mails it
    assert paying.send_messages() == 1
    assert paying.send_messages() == 0
    [mail] = sandbox.mails
    assert mail.to == "zhangsan@example.com" and number in mail.subject
    [attachment] = mail.attachments
    assert attachment.filename == f"缴费凭证_{number}.pdf" and attachment.data.startswith(b"%PDF-")


def test_a_resent_notification_is_acknowledged_and_changes_nothing(app, paying, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    sandbox.pay(started.out_trade_no)
    [again] = sandbox.notify_payment_again(started.out_trade_no)
    assert again.status == 204
    with app.app_context():
        assert len(payments_of(application_id)) == 1
        assert count(AuditEntry, AuditEntry.action == "application.payment_recorded") == 1
    assert paying.send_messages() == 1 and len(sandbox.mails) == 1


def test_a_forged_signature_is_refused_and_nothing_changes(app, paying, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    [delivery] = sandbox.pay(started.out_trade_no, corrupt_signature=True)
    assert delivery.status == 400 and '"code": "FAIL"' in delivery.reply
    with app.app_context():
        nothing_changed(application_id)
    assert paying.send_messages() == 0 and sandbox.mails == []


def test_a_notification_of_another_amount_is_refused_and_nothing_changes(app, paying, sandbox, caplog):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    [delivery] = sandbox.pay(started.out_trade_no, notified_amount_fen=1)
    assert delivery.status == 400
    with app.app_context():
        nothing_changed(application_id)
    assert "支付金额 1 分与订单金额 35000 分不符" in caplog.text


def test_a_notification_for_an_unknown_order_is_refused(app, paying, sandbox):
    application_id = paying.application()
    paying.start(application_id, "native")
    headers, body = v3_payment_notification(sandbox, "E2026113000000000000000000000", 35000)
    response = requests.post(paying.live_url + V3, data=body, headers=headers, timeout=5)
    assert response.status_code == 400 and response.json()["code"] == "FAIL"
    with app.app_context():
        nothing_changed(application_id)


def test_a_notification_built_independently_is_accepted_and_with_one_byte_changed_refused(app, paying, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    headers, body = v3_payment_notification(sandbox, started.out_trade_no, 35000)
    changed = requests.post(paying.live_url + V3, data=one_byte_changed(body), headers=headers, timeout=5)
    assert changed.status_code == 400
    with app.app_context():
        nothing_changed(application_id)
    accepted = requests.post(paying.live_url + V3, data=body, headers=headers, timeout=5)
    assert accepted.status_code == 204
    with app.app_context():
        assert state_of(application_id) is ApplicationState.paid


def test_a_notification_signed_ten_minutes_ago_is_refused(app, paying, sandbox):
    application_id = paying.application()
    started = paying.start(application_id, "native")
    headers, body = v3_payment_notification(sandbox, started.out_trade_no, 35000, timestamp=int(time.time()) - 600)
    response = requests.post(paying.live_url + V3, data=body, headers=headers, timeout=5)
    assert response.status_code == 400
    with app.app_context():
        nothing_changed(application_id)


@pytest.mark.parametrize(("body", "content_type"), [
    (XML_BOMB, "text/xml"), (b"{not json", "application/json"), (b"", "application/json"),
    (b'{"id": 1}', "text/plain")], ids=["xml-bomb", "bad-json", "empty", "wrong-content-type"])
def test_malformed_notifications_are_refused_in_wechats_format(app, paying, sandbox, body, content_type):
    application_id = paying.application()
    paying.start(application_id, "native")
    response = requests.post(paying.live_url + V3, data=body, headers={"Content-Type": content_type}, timeout=5)
    assert response.status_code == 400 and response.json() == {"code": "FAIL", "message": "通知校验失败"}
    with app.app_context():
        nothing_changed(application_id)


def test_even_a_404_or_405_answers_in_wechats_format(client):
    wrong_provider = client.post("/wechat/pay/wechat_v2/payment", data=b"<xml/>", content_type="text/xml")
    assert wrong_provider.status_code == 404 and wrong_provider.json["code"] == "FAIL"
    wrong_method = client.get(V3)
    assert wrong_method.status_code == 405 and wrong_method.json["code"] == "FAIL"
    too_large = client.post(V3, data=b"x" * (65 * 1024), content_type="application/json")
    assert too_large.status_code == 413 and too_large.json["code"] == "FAIL"


# -- API v2 ---------------------------------------------------------------------------------------

@pytest.fixture
def v2_server(app, database_url, sandbox, tmp_path) -> Iterator[tuple[object, str]]:
    """The same database served by an app configured for WeChat Pay API v2, over real HTTP."""
    v2 = create_app({"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"], "ID_NUMBER_KEY": app.config["ID_NUMBER_KEY"],
                     "SQLALCHEMY_DATABASE_URI": database_url,
                     "RATELIMIT_STORAGE_URI": "memory://", "FILES_DIR": str(tmp_path / "files"),
                     **config_for_sandbox(sandbox, payment_provider="wechat_v2")})
    server = make_server("127.0.0.1", 0, v2, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    v2.config["PUBLIC_BASE_URL"] = url
    yield v2, url
    server.shutdown()
    with v2.app_context():
        db.engine.dispose()


def test_v2_a_notification_pays_the_order_once_and_an_xml_bomb_is_refused(paying, sandbox, v2_server):
    v2, url = v2_server
    application_id = paying.application()
    with v2.app_context():
        started = checkout.start_payment(account_of(application_id), "native")
    bomb = requests.post(url + "/wechat/pay/wechat_v2/payment", data=XML_BOMB, headers={"Content-Type": "text/xml"},
                         timeout=5)
    assert bomb.status_code == 200 and b"<return_code><![CDATA[FAIL]]></return_code>" in bomb.content
    deliveries = sandbox.pay(started.out_trade_no, copies=5)
    assert all(b"SUCCESS" in delivery.reply.encode() for delivery in deliveries)
    with v2.app_context():
        assert state_of(application_id) is ApplicationState.paid
        assert count(Payment) == 1
        assert orders_of(application_id)[0].provider == "wechat_v2"
