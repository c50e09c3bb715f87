"""Contacts in the console: association staff keep each prefecture's contacts and the hotlines."""
from __future__ import annotations

from server.accounts.models import StaffRole
from server.contacts import services


def test_staff_add_a_contact_and_it_is_listed_under_its_prefecture(app, client, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    added = console.post_form("/console/contacts", {"prefecture_code": "650200", "office": "克拉玛依市住建局",
                                                     "phone": "0990-6231234", "hours": "工作日 10:00-18:00"})
    assert added.status_code == 302
    html = client.get("/console/contacts").get_data(as_text=True)
    assert "克拉玛依市住建局" in html and "0990-6231234" in html
    with app.app_context():
        assert [c.office for c in services.contacts_of("650200")] == ["克拉玛依市住建局"]


def test_a_bad_phone_is_shown_under_its_field_and_the_input_kept(app, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    response = console.post_form("/console/contacts", {"prefecture_code": "650200", "office": "克拉玛依市住建局",
                                                        "phone": "打电话", "hours": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "咨询电话格式不正确" in html and 'value="克拉玛依市住建局"' in html
    with app.app_context():
        assert services.contacts_of("650200") == []


def test_staff_change_a_hotline(app, client, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    saved = console.post_form("/console/contacts", {"payment_phone": "0991-8837429", "payment_hours": "",
                                                    "technical_phone": "0991-8837410", "technical_hours": ""},
                              action="/console/contacts/hotlines")
    assert saved.status_code == 302
    assert client.get("/api/v1/legal").json["contacts"][0] == {"label": "缴费系统咨询电话", "phone": "0991-8837429"}


def test_reviewers_do_not_reach_the_contacts(client, staff, console):
    staff("reviewer", StaffRole.reviewer, "650200")
    console.login("reviewer")
    assert client.get("/console/contacts").status_code == 403
