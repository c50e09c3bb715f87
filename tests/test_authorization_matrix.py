"""Who may call what: every route of the app, called as each kind of person against applicant A's
resources, with the answer each must get.

The table has one row per (method, rule) of `app.url_map`; a route without a row (or a row
without a route) fails the test by name, so a new endpoint cannot ship without its answers.
A's world is built through the real services: a filled, submitted application with its uploads,
approved, paid at the WeChat Pay sandbox (order, payment, receipt), its invoice uploaded and
matched, a notice with an attachment published to it, its exam passed (the admission letter).

Each cell is one letter, in ACTORS order:
  o  2xx                          p  past authorization: not 401/403/404, no login redirect, no 5xx
  l  302 to the console's login   u  401
  f  403                          n  404
  r  refused (a 4xx)               g  a gate, never the file: 403, or a page (HTML) asking why
A 2xx given to someone who is neither A nor staff entitled to A's data must not carry A's data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from server.accounts.actors import Actor
from server.accounts.models import StaffMember, StaffRole
from server.applications import drafts, submission
from server.applications.models import Application, ApplicationState, AvoidanceUnit
from server.audit.models import AuditEntry
from server.clock import now
from server.contacts import services as contacts
from server.contacts.models import ConsultationContact
from server.documents.verification import verify_url
from server.exams import letters, results
from server.extensions import db
from server.files.models import StoredFile
from server.messages.models import OutboxMessage
from server.notices import attachments
from server.notices import services as notices
from server.notices.models import Notice
from server.payments import invoice_requests, invoicing, receipts
from server.payments.models import IssuedInvoice, Payment, PaymentOrder
from server.review.access import referenced_file_ids
from tests.fixtures import samples
from tests.fixtures.invoice_samples import Sample, invoice_pdf
from tests.fixtures.payments import PERSONAL, account_of
from tests.fixtures.staff import csrf_token, staff_member

ACTORS = ("anonymous", "applicant_a", "applicant_b", "reviewer_a", "reviewer_other", "association", "admin")
A_NAME, B_NAME = "王阿依", "李四"
A_EMAIL = "wangayi@example.com"
A_PREFECTURE, OTHER_PREFECTURE = "650100", "650200"
A_TITLE = {**PERSONAL, "title": A_NAME, "email": A_EMAIL}

@dataclass(frozen=True)
class Row:
    """One route: the request to make and the answer of each actor (ACTORS order)."""

    method: str
    rule: str
    expect: str
    path: str = ""  # the rule with A's values; the rule itself when it has no parameter
    more_paths: tuple[str, ...] = ()  # the same cells for these too (each of A's files)
    json: dict[str, Any] | None = None
    form: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = None  # a body sent as it is (callbacks)
    logs_out: bool = False  # the call may end the caller's session: everyone logs in again after it
    leaks: bool = True  # check that a 2xx to the unentitled does not carry A's data


API = "/api/v1"
CUR = f"{API}/applications/current"
# A's own resource, by bearer: nobody else gets it (B gets B's, or 404).


def rows(w: World) -> list[Row]:
    """The table. `w` holds A's ids and tokens."""
    sections = ("basic", "qualification", "evaluation", "experience", "renewal", "commitment")
    return [
        Row("GET", "/", "ppppppp", leaks=False),
        Row("GET", "/healthz", "ooooooo", leaks=False),
        Row("GET", "/static/<path:filename>", "ooooooo", path="/static/console.css", leaks=False),
        # -- the API: anonymous and staff (no bearer token) are 401; B sees B's own, never A's
        Row("POST", f"{API}/accounts", "rrrrrrr", json={"username": "x"}),
        Row("DELETE", f"{API}/accounts/me", "uppuuuu", json={"password": "Wrong-pass1"}),
        Row("GET", CUR, "uoouuuu"),
        *[Row("PUT", f"{CUR}/{name}", "uppuuuu", json={}) for name in sections],
        Row("PUT", f"{CUR}/specialties", "uppuuuu", json={"primary": ["A04", "A0401", "A040101"], "alternate": []}),
        Row("POST", f"{CUR}/specialties/check", "uppuuuu", json={"primary": ["A04"], "alternate": []}),
        Row("POST", f"{CUR}/avoidance-units", "uppuuuu", json={"name": "某公司"}),
        Row("PUT", f"{CUR}/avoidance-units/<int:item_id>", "upnuuuu", path=f"{CUR}/avoidance-units/{w.avoidance}",
            json={"name": "某公司"}),
        Row("DELETE", f"{CUR}/avoidance-units/<int:item_id>", "upnuuuu", path=f"{CUR}/avoidance-units/{w.avoidance}"),
        Row("POST", f"{CUR}/certificates", "uppuuuu", json={"name": "证书"}),
        Row("PUT", f"{CUR}/certificates/<int:item_id>", "upnuuuu", path=f"{CUR}/certificates/{w.certificate}",
            json={"name": "证书"}),
        Row("DELETE", f"{CUR}/certificates/<int:item_id>", "upnuuuu", path=f"{CUR}/certificates/{w.certificate}"),
        Row("GET", f"{CUR}/commitment-letter.pdf", "uoouuuu", leaks=False),
        Row("POST", f"{CUR}/desktop-upload-codes", "uppuuuu", json={"slot": "basic.photo"}),
        Row("GET", f"{CUR}/problems", "uoouuuu"),
        Row("POST", f"{CUR}/renewal-prefill", "upnuuuu", json={}),
        Row("GET", f"{CUR}/review-sheet", "uonuuuu"),
        Row("GET", f"{CUR}/review-sheet.pdf", "uonuuuu"),
        Row("PUT", f"{CUR}/signed-sheet", "uppuuuu", json={"file_id": w.photo}),
        Row("PUT", f"{CUR}/signed-sheet/photos", "uppuuuu", json={"page_file_ids": [w.photo]}),
        Row("POST", f"{CUR}/submit", "uppuuuu"),
        Row("POST", f"{CUR}/submit-for-review", "uppuuuu"),
        Row("POST", f"{CUR}/withdraw", "uppuuuu"),
        Row("GET", f"{CUR}/payment", "uoouuuu"),
        Row("PUT", f"{CUR}/payment/invoice-request", "uppuuuu", json=A_TITLE),
        Row("GET", f"{CUR}/payment/invoices/<int:invoice_id>", "uonuuuu",
            path=f"{CUR}/payment/invoices/{w.invoice}"),
        Row("POST", f"{CUR}/payment/orders", "uppuuuu", json={"channel": "native"}),
        Row("GET", f"{CUR}/payment/orders/<out_trade_no>", "uonuuuu", path=f"{CUR}/payment/orders/{w.out_trade_no}"),
        Row("POST", f"{CUR}/payment/orders/<out_trade_no>/check", "uonuuuu",
            path=f"{CUR}/payment/orders/{w.out_trade_no}/check"),
        Row("GET", f"{CUR}/payment/receipt.pdf", "uonuuuu"),
        Row("GET", f"{API}/batches/current", "ooooooo", leaks=False),
        Row("GET", f"{API}/contacts", "uoouuuu"),
        Row("GET", f"{API}/exam-result", "uonuuuu"),
        Row("GET", f"{API}/exam-result/admission-letter.pdf", "uonuuuu"),
        Row("POST", f"{API}/files", "uppuuuu"),
        Row("GET", f"{API}/files/<int:file_id>", "uonuuuu", path=f"{API}/files/{w.photo}",
            more_paths=tuple(f"{API}/files/{file_id}" for file_id in w.files)),
        Row("GET", f"{API}/files/limits", "ooooooo", leaks=False),
        Row("GET", f"{API}/legal", "ooooooo", leaks=False),
        Row("GET", f"{API}/legal/<key>", "ooooooo", path=f"{API}/legal/privacy-policy", leaks=False),
        Row("GET", f"{API}/me", "uoouuuu"),
        Row("GET", f"{API}/me/official-account", "uoouuuu"),
        Row("POST", f"{API}/me/official-account/binding-code", "uppuuuu"),
        Row("POST", f"{API}/me/password", "uppuuuu", json={"old_password": "Wrong-pass1", "new_password": "Passw0rd2024"},
            logs_out=True),
        Row("POST", f"{API}/me/phone", "uppuuuu", json={"phone": "13900000000", "sms_code": "000000"}),
        Row("GET", f"{API}/message-subscriptions", "uoouuuu"),
        Row("POST", f"{API}/message-subscriptions", "uppuuuu", json={"answers": {}}),
        Row("GET", f"{API}/notices", "uoouuuu"),
        Row("GET", f"{API}/notices/<int:notice_id>", "uonuuuu", path=f"{API}/notices/{w.notice}"),
        Row("GET", f"{API}/notices/<int:notice_id>/attachments/<int:attachment_id>", "uonuuuu",
            path=f"{API}/notices/{w.notice}/attachments/{w.attachment}"),
        Row("POST", f"{API}/notices/<int:notice_id>/read", "uonuuuu", path=f"{API}/notices/{w.notice}/read"),
        Row("GET", f"{API}/openapi.json", "ooooooo", leaks=False),
        Row("POST", f"{API}/password-resets", "rrrrrrr", json={}),
        Row("GET", f"{API}/reference/options", "ooooooo", leaks=False),
        Row("GET", f"{API}/reference/rules", "ooooooo", leaks=False),
        Row("GET", f"{API}/reference/specialties", "ooooooo", leaks=False),
        Row("DELETE", f"{API}/sessions/current", "uoouuuu", logs_out=True),
        Row("POST", f"{API}/sessions/password", "rrrrrrr", json={"login": A_NAME, "password": "Wrong-pass1"}),
        Row("POST", f"{API}/sessions/sms", "rrrrrrr", json={"phone": "13700000001", "sms_code": "000000"}),
        Row("POST", f"{API}/sessions/wechat", "rrrrrrr", json={"code": "not-a-code"}),
        Row("POST", f"{API}/sms-codes", "rrrrrrr", json={"phone": "1", "purpose": "register"}),
        # -- the console: applicants are anonymous there (login redirect); roles decide the rest
        Row("GET", "/console/", "llloooo"),
        Row("GET", "/console/login", "ooopppp", leaks=False),
        Row("POST", "/console/login", "rrrrrrr", form={"username": "nobody", "password": "Wrong-pass1"}),
        Row("POST", "/console/logout", "lllllll", logs_out=True),
        Row("GET", "/console/audit", "lllfffo"),
        Row("GET", "/console/batches", "lllffoo"),
        Row("GET", "/console/batches/new", "lllffoo"),
        Row("POST", "/console/batches/new", "lllffpp"),
        Row("GET", "/console/batches/<int:batch_id>", "lllffoo", path=f"/console/batches/{w.batch}"),
        Row("POST", "/console/batches/<int:batch_id>", "lllffpp", path=f"/console/batches/{w.batch}"),
        Row("GET", "/console/batches/<int:batch_id>/specialties", "lllffoo",
            path=f"/console/batches/{w.batch}/specialties"),
        Row("POST", "/console/batches/<int:batch_id>/specialties", "lllffpp",
            path=f"/console/batches/{w.batch}/specialties", form={"closed": "not-a-code"}),
        Row("GET", "/console/contacts", "lllffoo"),
        Row("POST", "/console/contacts", "lllffpp"),
        Row("POST", "/console/contacts/<int:contact_id>", "lllffpp", path=f"/console/contacts/{w.contact}"),
        # a contact that is not there (removing A's would leave nothing for the next caller)
        Row("POST", "/console/contacts/<int:contact_id>/remove", "lllffnn",
            path=f"/console/contacts/{w.contact + 1000}/remove"),
        Row("POST", "/console/contacts/hotlines", "lllffpp"),
        Row("GET", "/console/dashboard", "lllpppp"),
        Row("GET", "/console/exams", "lllffoo"),
        Row("POST", "/console/exams/one", "lllffpp"),
        Row("GET", "/console/exams/template.xlsx", "lllffoo"),
        Row("POST", "/console/exams/upload", "lllffpp"),
        Row("GET", "/console/files/<int:file_id>", "lllonng", path=f"/console/files/{w.photo}",
            more_paths=tuple(f"/console/files/{file_id}" for file_id in w.files)),
        Row("POST", "/console/files/<int:file_id>", "lllonno", path=f"/console/files/{w.photo}",
            form={"reason": "核对申报人身份信息"}),
        Row("GET", "/console/invoices", "lllffoo"),
        Row("GET", "/console/invoices/<int:invoice_id>/file", "lllffoo", path=f"/console/invoices/{w.invoice}/file"),
        Row("POST", "/console/invoices/<int:invoice_id>/assign", "lllffpp",
            path=f"/console/invoices/{w.invoice}/assign"),
        Row("POST", "/console/invoices/<int:invoice_id>/resend", "lllffpp",
            path=f"/console/invoices/{w.invoice}/resend"),
        Row("POST", "/console/invoices/<int:invoice_id>/void", "lllffpp", path=f"/console/invoices/{w.invoice}/void"),
        Row("GET", "/console/invoices/export.xlsx", "lllffoo"),
        Row("POST", "/console/invoices/upload", "lllffpp"),
        Row("GET", "/console/jobs", "lllffoo"),
        Row("GET", "/console/messages", "lllffoo"),
        Row("GET", "/console/messages/<int:message_id>", "lllffoo", path=f"/console/messages/{w.message}"),
        Row("POST", "/console/messages/<int:message_id>/resend", "lllffpp",
            path=f"/console/messages/{w.message}/resend"),
        Row("GET", "/console/notices", "lllffoo"),
        Row("GET", "/console/notices/new", "lllffoo"),
        Row("POST", "/console/notices/new", "lllffpp"),
        Row("GET", "/console/notices/<int:notice_id>", "lllffoo", path=f"/console/notices/{w.notice}"),
        Row("GET", "/console/notices/<int:notice_id>/edit", "lllffpp", path=f"/console/notices/{w.notice}/edit"),
        Row("POST", "/console/notices/<int:notice_id>/edit", "lllffpp", path=f"/console/notices/{w.notice}/edit"),
        Row("POST", "/console/notices/<int:notice_id>/attachments", "lllffpp",
            path=f"/console/notices/{w.notice}/attachments"),
        Row("GET", "/console/notices/<int:notice_id>/attachments/<int:attachment_id>", "lllffoo",
            path=f"/console/notices/{w.notice}/attachments/{w.attachment}"),
        Row("POST", "/console/notices/<int:notice_id>/attachments/<int:attachment_id>/remove", "lllffpp",
            path=f"/console/notices/{w.notice}/attachments/{w.attachment}/remove"),
        Row("POST", "/console/notices/<int:notice_id>/publish", "lllffpp", path=f"/console/notices/{w.notice}/publish"),
        Row("POST", "/console/notices/<int:notice_id>/schedule", "lllffpp",
            path=f"/console/notices/{w.notice}/schedule"),
        Row("POST", "/console/notices/<int:notice_id>/unschedule", "lllffpp",
            path=f"/console/notices/{w.notice}/unschedule"),
        Row("POST", "/console/notices/<int:notice_id>/withdraw", "lllffpp",
            path=f"/console/notices/{w.notice}/withdraw"),
        Row("GET", "/console/payments", "lllffoo"),
        Row("GET", "/console/payments/applications/<int:application_id>", "lllffoo",
            path=f"/console/payments/applications/{w.application}"),
        Row("POST", "/console/payments/<int:payment_id>/refund", "lllffpp",
            path=f"/console/payments/{w.payment}/refund"),
        Row("POST", "/console/payments/<int:payment_id>/resend-receipt", "lllffpp",
            path=f"/console/payments/{w.payment}/resend-receipt"),
        Row("GET", "/console/payments/<int:payment_id>/receipt.pdf", "lllffoo",
            path=f"/console/payments/{w.payment}/receipt.pdf"),
        Row("GET", "/console/payments/duplicates", "lllffoo"),
        Row("POST", "/console/payments/duplicates/<int:payment_id>/refund", "lllffpp",
            path=f"/console/payments/duplicates/{w.payment}/refund"),
        Row("GET", "/console/payments/export.xlsx", "lllffoo"),
        Row("GET", "/console/payments/offline", "lllffoo"),
        Row("POST", "/console/payments/offline", "lllffpp"),
        Row("POST", "/console/payments/orders/<int:order_id>/query", "lllffpp",
            path=f"/console/payments/orders/{w.order}/query"),
        Row("GET", "/console/payments/reconciliation", "lllffoo"),
        Row("POST", "/console/payments/reconciliation", "lllffpp", form={"day": "not-a-day"}),
        Row("GET", "/console/review", "lllpppp"),
        Row("GET", "/console/review/<int:application_id>", "lllonoo", path=f"/console/review/{w.application}"),
        # only a reviewer of the prefecture decides (A's is decided already: a 409 for them)
        Row("POST", "/console/review/<int:application_id>/approve", "lllpnff",
            path=f"/console/review/{w.application}/approve", form={"expected_snapshot_id": "1"}),
        Row("POST", "/console/review/<int:application_id>/reject", "lllpnff",
            path=f"/console/review/{w.application}/reject", form={"expected_snapshot_id": "1", "reasons": "材料不全"}),
        # refusals come back as a message on the queue (a redirect), for the association and admin too
        Row("POST", "/console/review/bulk-approve", "lllpppp", form={"application_id": str(w.application)}),
        Row("GET", "/console/review/export.xlsx", "lllpppp"),
        Row("GET", "/console/staff", "lllfffo"),
        Row("POST", "/console/staff", "lllfffp"),
        Row("POST", "/console/staff/<int:member_id>/active", "lllfffp", path=f"/console/staff/{w.spare_staff}/active",
            form={"active": "0"}),
        Row("POST", "/console/staff/<int:member_id>/password", "lllfffp",
            path=f"/console/staff/{w.spare_staff}/password", form={"password": "short"}),
        # -- public pages and WeChat's callbacks (signed, so unsigned calls are refused)
        Row("GET", "/upload", "ooooooo", leaks=False),
        Row("POST", "/upload", "rrrrrrr", form={"code": "ABCDEFGH"}),
        Row("POST", "/upload/file", "rrrrrrr", form={"code": "ABCDEFGH"}),
        Row("GET", "/verify/<token>", "ooooooo", path=w.sheet_verify, leaks=False),
        Row("GET", "/verify/admission/<token>", "ooooooo", path=w.letter_verify, leaks=False),
        Row("GET", "/verify/receipts/<token>", "ooooooo", path=w.receipt_verify, leaks=False),
        Row("GET", "/wechat/official-account", "rrrrrrr", path="/wechat/official-account?echostr=x&signature=x"
            "&timestamp=1&nonce=1"),
        Row("POST", "/wechat/official-account", "rrrrrrr", raw=b"<xml><MsgType>text</MsgType></xml>"),
        Row("POST", "/wechat/pay/<name>/payment", "rrrrrrr", path=f"/wechat/pay/{w.provider}/payment",
            raw=b'{"id": "x", "event_type": "TRANSACTION.SUCCESS"}'),
        Row("POST", "/wechat/pay/<name>/refund", "rrrrrrr", path=f"/wechat/pay/{w.provider}/refund",
            raw=b'{"id": "x", "event_type": "REFUND.SUCCESS"}'),
    ]


@dataclass
class World:
    """A's resources (ids, tokens) and the people."""

    application: int = 0
    account: int = 0
    photo: int = 0
    files: tuple[int, ...] = ()  # every other upload of A's the application uses
    certificate: int = 0
    avoidance: int = 0
    invoice: int = 0
    out_trade_no: str = ""
    order: int = 0
    payment: int = 0
    notice: int = 0
    attachment: int = 0
    message: int = 0
    contact: int = 0
    batch: int = 0
    spare_staff: int = 0
    provider: str = ""
    sheet_verify: str = ""
    receipt_verify: str = ""
    letter_verify: str = ""
    b_application: int = 0
    b_account: int = 0
    staff: dict[str, int] = field(default_factory=dict)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def build_world(app: Flask, build, paying, sandbox, make_staff, batch: int) -> World:
    """A: filled (with an avoidance unit), submitted, approved, paid at the sandbox, invoiced,
    noticed, admitted. B: their own draft, in another prefecture (so B's edits reach the ownership check)."""
    w = World(batch=batch)
    w.application = build.draft(name=A_NAME, email=A_EMAIL)
    w.account = build.owner_id(w.application)
    with app.app_context():
        owner = account_of(w.application)
        drafts.add_item(owner, AvoidanceUnit, {"name": "新疆某建设集团有限公司", "description": "原工作单位"})
        submission.submit_info(owner)
    build.send_for_review(w.application)
    build.decide(w.application, ApplicationState.approved)
    w.b_application = build.draft(name=B_NAME, prefecture_code=OTHER_PREFECTURE)
    w.b_account = build.owner_id(w.b_application)
    paying.clock.shift(timedelta(days=5))
    with app.app_context():
        owner = account_of(w.application)
        owner.wechat_openid = "o-authz-a"
        db.session.commit()
        invoice_requests.save_invoice_request(owner, dict(A_TITLE))
    w.out_trade_no = paying.paid(w.application, sandbox)
    association = make_staff(StaffRole.association)
    with app.app_context():
        application = db.session.get(Application, w.application)
        w.photo, w.certificate = application.photo_file_id, application.certificates[0].id
        w.avoidance = application.avoidance_units[0].id
        w.files = tuple(sorted(referenced_file_ids(application) - {w.photo}))
        assert len(w.files) >= 7  # ID card sides, title, education, letter, certificate proof, signed sheet
        w.order = db.session.scalar(db.select(PaymentOrder.id).where(PaymentOrder.out_trade_no == w.out_trade_no))
        payment = db.session.scalar(db.select(Payment).where(Payment.application_id == w.application))
        w.payment, w.provider = payment.id, payment.provider
        w.receipt_verify = path_of(receipts.receipt_data(receipts.receipt_of(payment.id)).verify_url)
        w.sheet_verify = path_of(verify_url(w.application, 1))
        member = staff_member(association)
        invoicing.upload_invoices([("a.pdf", invoice_pdf(Sample("26650000000000000001", A_NAME, "", 35000)))], member)
        w.invoice = db.session.scalar(db.select(IssuedInvoice.id))
        actor = Actor.staff(member)
        notice = notices.create_notice(notices.NoticeInput("培训通知", "正文", batch, ("paid",)), actor)
        w.attachment = attachments.add_attachment(notice.id, "培训安排.pdf", samples.pdf("training"), actor).id
        w.notice = notices.publish_now(notice.id, actor).id
        w.contact = contacts.add_contact(contacts.ContactInput(A_PREFECTURE, "乌鲁木齐市住建局", "0991-1234567"),
                                         actor).id
        results.record_one(application.expert_number, True, "88", member)
        w.letter_verify = path_of(letters.letter_verify_url(w.application))
        w.message = db.session.scalar(db.select(OutboxMessage.id).where(
            OutboxMessage.account_id == w.account).order_by(OutboxMessage.id))
    w.staff = {"reviewer_a": make_staff(StaffRole.reviewer, A_PREFECTURE),
               "reviewer_other": make_staff(StaffRole.reviewer, OTHER_PREFECTURE),
               "association": association, "admin": make_staff(StaffRole.admin)}
    w.spare_staff = make_staff(StaffRole.reviewer, "650300")
    return w


@dataclass
class Caller:
    """One actor's browser/phone: a cookie jar with a CSRF token, and bearer headers if an applicant."""

    client: FlaskClient
    csrf: str
    headers: dict[str, str]

    def call(self, row: Row, path: str):
        kwargs: dict[str, Any] = {"headers": self.headers, "follow_redirects": False}
        if row.raw is not None:
            kwargs.update(data=row.raw, content_type="text/xml" if path.startswith("/wechat/o") else "application/json")
        elif path.startswith(API):
            if row.method != "GET":
                kwargs["json"] = row.json if row.json is not None else {}
        elif row.method == "POST":
            kwargs["data"] = {"csrf_token": self.csrf, **row.form}
        return self.client.open(path, method=row.method, **kwargs)


def callers(app: Flask, w: World, build) -> dict[str, Caller]:
    """Everyone logged in afresh (the console by its session, the API by a token issued now)."""
    made: dict[str, Caller] = {}
    for actor in ACTORS:
        client = app.test_client()
        token = csrf_token(client.get("/console/login").get_data(as_text=True))
        headers: dict[str, str] = {}
        if actor in ("applicant_a", "applicant_b"):
            headers = build.bearer(w.application if actor == "applicant_a" else w.b_application)
        if actor in w.staff:
            with app.app_context():
                member = staff_member(w.staff[actor])
                version = member.session_version
            with client.session_transaction() as session:
                session.update(staff_id=w.staff[actor], staff_version=version, login_at=now().isoformat())
        made[actor] = Caller(client, token, headers)
    return made


def verdict(response) -> str:
    """The cell letter an answer is."""
    status = response.status_code
    if status == 302 and "/console/login" in response.headers.get("Location", ""):
        return "l"
    return {401: "u", 403: "f", 404: "n"}.get(status) or ("o" if 200 <= status < 300 else "x")


def matches(expected: str, response) -> bool:
    got, status = verdict(response), response.status_code
    if expected == "p":
        return got in "ox" and status < 500
    if expected == "r":
        return 400 <= status < 500
    if expected == "g":
        return status == 403 or (200 <= status < 300 and response.mimetype == "text/html")
    return got == expected


# Who is entitled to A's data (their 2xx may carry it).
ENTITLED = {"applicant_a", "reviewer_a", "association", "admin"}


def leaked(w: World, response) -> bool:
    body = response.get_data()
    return any(marker.encode() in body for marker in (A_NAME, A_EMAIL, w.out_trade_no))


def test_every_route_answers_each_kind_of_person_as_the_policy_says(app, build, paying, sandbox, make_staff, batch):
    w = build_world(app, build, paying, sandbox, make_staff, batch)
    table = rows(w)
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = [(row.method, row.rule) for row in table]
    assert len(listed) == len(set(listed)), "a route has two rows"
    assert not routes - set(listed), f"routes without a row in the authorization table: {sorted(routes - set(listed))}"
    assert not set(listed) - routes, f"rows for routes that do not exist: {sorted(set(listed) - routes)}"

    wrong: list[str] = []
    people = callers(app, w, build)
    with app.app_context():
        first_entry = db.session.scalar(db.select(db.func.max(AuditEntry.id))) or 0
    for row in table:
        assert len(row.expect) == len(ACTORS), row
        for actor, expected in zip(ACTORS, row.expect, strict=True):
            for path in (row.path or row.rule, *row.more_paths):
                response = people[actor].call(row, path)
                if not matches(expected, response):
                    wrong.append(f"{row.method} {path} as {actor}: expected {expected}, got {response.status_code}"
                                 f" {response.headers.get('Location', '')}")
                elif row.leaks and actor not in ENTITLED and verdict(response) == "o" and leaked(w, response):
                    wrong.append(f"{row.method} {path} as {actor}: a 2xx carrying A's data")
        if row.logs_out:
            people = callers(app, w, build)
    assert not wrong, "\n".join(wrong)
    assert_nothing_changed(app, w, first_entry)


def assert_nothing_changed(app: Flask, w: World, first_entry: int) -> None:
    """Every call above was refused or harmless: A's world is as it was built, and nobody without
    the right wrote an audit row (only the admin deactivated the spare staff member)."""
    with app.app_context():
        application = db.session.get(Application, w.application)
        assert application.state is ApplicationState.admitted
        assert db.session.get(Payment, w.payment).refunded_fen == 0
        assert db.session.get(IssuedInvoice, w.invoice).state.value == "issued"
        assert db.session.get(Notice, w.notice).state.value == "published"
        assert [a.id for a in attachments.attachments_of(w.notice)] == [w.attachment]
        assert db.session.get(ConsultationContact, w.contact) is not None
        written = list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.id > first_entry)))
        a_subjects = {("application", str(w.application)), ("account", str(w.account))} | {
            ("stored_file", str(file_id)) for file_id in db.session.scalars(
                db.select(StoredFile.id).where(StoredFile.owner_account_id == w.account))}
        outsiders = {("applicant", w.b_account), ("staff", w.staff["reviewer_other"])}
        assert not [entry.action for entry in written if (entry.actor_kind, entry.actor_id) in outsiders
                    and (entry.subject_kind, entry.subject_id) in a_subjects]
        assert not db.session.get(StaffMember, w.spare_staff).active
        assert [(e.actor_id, e.action) for e in written
                if e.subject_kind == "staff" and e.action != "staff.logged_out"] == [
            (w.staff["admin"], "staff.deactivated")]
