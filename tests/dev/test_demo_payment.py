"""Through the demo, as a new user of `make run` would: the demo data's application is approved in
the console, the demo applicant starts paying by QR code (the API, as the mini-program does), the
payment is made on the sandbox's page, the receipt arrives in the sandbox mailbox, and the API
says `paid` — on the day of approval, since the demo batch waits no days."""
from __future__ import annotations

import re

import requests

from server.dev.demo import DEMO_APPLICANT, load_demo_data
from server.messages import sender

PAYMENT = "/api/v1/applications/current/payment"


def test_approve_pay_on_the_sandbox_page_find_the_receipt_and_see_paid(app, client, console, clock, sandbox,
                                                                      live_server):
    previous, app.config["PUBLIC_BASE_URL"] = app.config["PUBLIC_BASE_URL"], live_server.url
    try:
        with app.app_context():
            logins = {login.username: login for login in load_demo_data()}
        assert "演示申请已提交审核" in logins[DEMO_APPLICANT[0]].note

        console.login("reviewer650100", logins["reviewer650100"].password)
        queue = client.get("/console/review").get_data(as_text=True)
        application_id = re.search(r'href="/console/review/(\d+)">张三<', queue).group(1)
        page = f"/console/review/{application_id}"
        snapshot = re.search(r'name="expected_snapshot_id" value="(\d+)"', client.get(page).get_data(as_text=True))
        approved = console.post_form(page, {"expected_snapshot_id": snapshot.group(1)}, action=f"{page}/approve")
        assert approved.status_code == 302

        login = client.post("/api/v1/sessions/password",
                            json={"login": DEMO_APPLICANT[0], "password": logins[DEMO_APPLICANT[0]].password})
        headers = {"Authorization": f"Bearer {login.json['token']}"}
        view = client.get(PAYMENT, headers=headers).json
        assert view["pay"]["allowed"] is True and view["invoice_prefill"]["email"] == "demo@example.com"
        client.put(f"{PAYMENT}/invoice-request", headers=headers, json={
            "title_kind": "personal", "title": "演示申报人", "email": "demo@example.com", "email_confirmed": True})
        number = client.post(f"{PAYMENT}/orders", headers=headers, json={"channel": "native"}).json["out_trade_no"]

        sandbox_page = requests.get(f"{sandbox.base_url.rstrip('/')}/sandbox/wechat-pay", timeout=5).text
        assert f'data-out-trade-no="{number}"' in sandbox_page
        paid = requests.post(f"{sandbox.base_url.rstrip('/')}/sandbox/wechat-pay/pay",
                             data={"out_trade_no": number, "copies": "1"}, timeout=10)
        assert "204" in paid.text  # the page shows our endpoint's answer
        with app.app_context():
            sender.send_due()
        mailbox = requests.get(f"{sandbox.base_url.rstrip('/')}/sandbox/mail", timeout=5).text
        assert "缴费成功：评标专家培训费 350.00 元" in mailbox
        [mail] = sandbox.mails
        assert mail.to == "demo@example.com" and mail.attachments[0].data.startswith(b"%PDF-")
        assert client.get("/api/v1/applications/current", headers=headers).json["state"] == "paid"
    finally:
        app.config["PUBLIC_BASE_URL"] = previous
