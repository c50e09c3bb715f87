"""The mini-program's contacts: my prefecture's policy contacts and the hotlines, to tap and call."""
from __future__ import annotations

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.contacts import services
from server.contacts.services import ContactInput
from tests.fixtures.staff import staff_member

CONTACTS = "/api/v1/contacts"
HOTLINES = [{"label": "缴费系统咨询电话", "phone": "0991-8837428", "hours": ""},
            {"label": "技术服务咨询热线", "phone": "0991-8837410", "hours": ""}]


def test_i_see_my_prefectures_contacts_and_the_hotlines(app, client, build, make_staff):
    me = build.bearer(build.paid(prefecture_code="650200"))
    with app.app_context():
        actor = Actor.staff(staff_member(make_staff(StaffRole.association)))
        services.add_contact(ContactInput("650200", "克拉玛依市住房和城乡建设局", "0990-6231234", "工作日"), actor)
        services.add_contact(ContactInput("650100", "乌鲁木齐市住房和城乡建设局", "0991-1234567"), actor)
    body = client.get(CONTACTS, headers=me).json
    assert body == {"prefecture": {"code": "650200", "name": "克拉玛依市"},
                    "contacts": [{"label": "克拉玛依市住房和城乡建设局", "phone": "0990-6231234", "hours": "工作日"}],
                    "hotlines": HOTLINES}
    other = client.get(CONTACTS, query_string={"prefecture_code": "650100"}, headers=me).json
    assert [c["label"] for c in other["contacts"]] == ["乌鲁木齐市住房和城乡建设局"]


def test_someone_who_has_not_named_a_prefecture_sees_the_hotlines(client, applicant):
    assert client.get(CONTACTS, headers=applicant).json == {"prefecture": None, "contacts": [], "hotlines": HOTLINES}


def test_an_unknown_prefecture_is_refused_naming_the_choices(client, applicant):
    response = client.get(CONTACTS, query_string={"prefecture_code": "110000"}, headers=applicant)
    assert response.status_code == 422 and "650200（克拉玛依市）" in response.json["fields"]["prefecture_code"]
