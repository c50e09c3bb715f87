"""Consultation contacts: the seed's hotlines until staff change them, each prefecture's policy
contacts as staff keep them, and the official account's 咨询 reply for one applicant."""
from __future__ import annotations

import pytest

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.contacts import services
from server.contacts.services import Contact, ContactInput
from server.errors import Forbidden, InvalidInput
from tests.fixtures.journey import account
from tests.fixtures.staff import staff_member

KARAMAY = "650200"
SEED = (Contact("缴费系统咨询电话", "0991-8837428"), Contact("技术服务咨询热线", "0991-8837410"))


@pytest.fixture
def association(app, make_staff, app_context) -> Actor:
    return Actor.staff(staff_member(make_staff(StaffRole.association)))


def bureau(phone: str = "0990-6231234", hours: str = "工作日 10:00-18:00") -> ContactInput:
    return ContactInput(KARAMAY, "克拉玛依市住房和城乡建设局", phone, hours)


def test_the_hotlines_are_the_seeds_until_staff_change_them(association, client):
    assert services.hotlines() == SEED
    services.save_hotlines({"payment": ("0991-8837429", "工作日 10:00-19:30"), "technical": ("0991-8837410", "")},
                           association)
    assert services.hotlines() == (Contact("缴费系统咨询电话", "0991-8837429", "工作日 10:00-19:30"), SEED[1])
    texts = "".join(block["text"] for block in client.get("/api/v1/legal/privacy-policy").json["blocks"])
    assert "0991-8837429" in texts and "0991-8837428" not in texts


@pytest.mark.parametrize(("phone", "message"), [
    ("", "请填写缴费系统咨询电话"), ("0991-abc", "缴费系统咨询电话格式不正确"), ("1234", "缴费系统咨询电话格式不正确"),
    ("0" * 31, "缴费系统咨询电话不能超过30个字符"),
])
def test_a_bad_hotline_is_named_and_nothing_is_saved(association, phone, message):
    with pytest.raises(InvalidInput) as refused:
        services.save_hotlines({"payment": (phone, ""), "technical": ("0991-8837410", "")}, association)
    assert refused.value.fields["payment_phone"].startswith(message)
    assert services.hotlines() == SEED


def test_staff_add_change_and_remove_a_prefectures_contacts(association):
    row = services.add_contact(bureau(), association)
    assert [(c.office, c.phone, c.hours) for c in services.contacts_of(KARAMAY)] == [
        ("克拉玛依市住房和城乡建设局", "0990-6231234", "工作日 10:00-18:00")]
    services.update_contact(row.id, bureau(phone="0990-6231234转8001"), association)
    assert services.contacts_of(KARAMAY)[0].phone == "0990-6231234转8001"
    services.remove_contact(row.id, association)
    assert services.contacts_of(KARAMAY) == []


def test_a_contact_names_every_wrong_field(association):
    with pytest.raises(InvalidInput) as refused:
        services.add_contact(ContactInput("110000", " ", "电话", "x" * 61), association)
    assert set(refused.value.fields) == {"prefecture_code", "office", "phone", "hours"}
    assert "650200（克拉玛依市）" in refused.value.fields["prefecture_code"]


def test_reviewers_cannot_change_contacts(app, make_staff, app_context):
    reviewer = Actor.staff(staff_member(make_staff(StaffRole.reviewer, KARAMAY)))
    with pytest.raises(Forbidden):
        services.add_contact(bureau(), reviewer)


def test_the_bot_answers_with_the_applicants_prefecture_and_the_hotlines(app, build, association):
    owner = build.owner_id(build.paid(prefecture_code=KARAMAY))
    with app.app_context():
        assert services.consultation_reply(account(owner)) == (
            "克拉玛依市的政策咨询电话尚未公布，请先拨打以下电话。\n系统咨询：\n"
            "缴费系统咨询电话：0991-8837428\n技术服务咨询热线：0991-8837410")
        services.add_contact(bureau(), association)
        assert services.consultation_reply(account(owner)).startswith(
            "克拉玛依市政策咨询：\n克拉玛依市住房和城乡建设局：0990-6231234（工作日 10:00-18:00）\n系统咨询：")


def test_someone_without_a_prefecture_is_told_where_it_comes_from(app, make_account):
    with app.app_context():
        reply = services.consultation_reply(account(make_account()))
    assert reply.startswith("填写申报资料中的“所在市州”后") and "0991-8837410" in reply
