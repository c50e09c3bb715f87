"""A burst of WeChat Pay notifications: many applicants pay at once and WeChat sends each result
twice. Applications approved through the real services, their invoice titles saved and their
orders opened at the sandbox's WeChat Pay (Native); then, from the load process, one signed and
encrypted v3 notification per order and a copy of it a little behind, against the real server
under gunicorn. Every copy must be answered with success and change nothing: exactly one transition
`approved → paid` per order."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.servers import gunicorn, load
from server import create_app
from server.applications.lifecycle import ACTIONS
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.audit.models import AuditEntry
from server.dev.devserver import config_for_sandbox
from server.extensions import db
from server.payments import checkout, invoice_requests
from server.payments.models import Payment
from server.sandbox import SandboxServer, SandboxSettings
from tests.fixtures.journey import Journey, account
from tests.fixtures.payments import PERSONAL
from tests.fixtures.wechat_pay import v3_payment_notification

CONNECTIONS = 32
COPY_DISTANCE = CONNECTIONS  # WeChat resends when our answer is late, not in the same instant
NOTIFY_PATH = "/wechat/pay/wechat_v3/payment"


def burst(settings: dict[str, Any], journey: Journey, payers: int, workers: int, log: Path) -> dict[str, Any]:
    application_ids = journey.many([{"state": S.approved}] * payers)
    sandbox = SandboxServer(SandboxSettings.generate())
    sandbox.start()
    try:
        configured = {**settings, **config_for_sandbox(sandbox)}
        app = create_app({**configured, "SQLALCHEMY_DATABASE_URI": settings["DATABASE_URL"]})
        with app.app_context():
            orders = [_open_order(application_id) for application_id in application_ids]
        with gunicorn(configured, workers, log) as server:
            result = load(server, _notifications(sandbox, orders), CONNECTIONS)
        with app.app_context():
            counted = _transitions(application_ids)
        return {**result, "orders": len(orders), "connections": CONNECTIONS, **counted}
    finally:
        sandbox.stop()


def _open_order(application_id: int) -> tuple[str, int]:
    """The applicant's invoice title saved and a QR-code order opened at WeChat Pay: its number
    and amount."""
    owner = account(db.session.get(Application, application_id).account_id)
    invoice_requests.save_invoice_request(owner, dict(PERSONAL))
    started = checkout.start_payment(owner, "native", "127.0.0.1")
    return started.out_trade_no, started.amount_fen


def _notifications(sandbox: SandboxServer, orders: list[tuple[str, int]]) -> list[list[dict[str, Any]]]:
    """Each order's notification, and the same again COPY_DISTANCE places behind it (the load's
    users take them in this order: a copy arrives while its first may still be in flight)."""
    firsts = []
    for out_trade_no, amount_fen in orders:
        headers, body = v3_payment_notification(sandbox, out_trade_no, amount_fen)
        firsts.append({"method": "POST", "path": NOTIFY_PATH, "headers": headers, "body": body.decode()})
    calls = []
    for n in range(len(firsts) + COPY_DISTANCE):
        calls += [[firsts[n]]] if n < len(firsts) else []
        calls += [[firsts[n - COPY_DISTANCE]]] if n >= COPY_DISTANCE else []
    return calls


def _transitions(application_ids: list[int]) -> dict[str, int]:
    """What the notifications changed: applications paid, their audit rows of the payment, payments."""
    paid = db.session.scalar(select(func.count()).select_from(Application).where(
        Application.id.in_(application_ids), Application.state == S.paid))
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == ACTIONS["record_payment"].audit, AuditEntry.subject_kind == "application",
        AuditEntry.subject_id.in_([str(i) for i in application_ids])))
    payments = db.session.scalar(select(func.count()).select_from(Payment).where(
        Payment.application_id.in_(application_ids)))
    return {"paid": paid, "transitions": audited, "payments": payments}
