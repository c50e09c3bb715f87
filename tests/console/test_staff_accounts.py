"""Staff accounts in the console (admin only): create with the CLI's rules, deactivate (sessions end),
reactivate, reset a password; CSRF on every form; audit rows."""
from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from server.accounts.models import StaffMember, StaffRole
from server.audit.models import AuditEntry
from server.extensions import db
from tests.fixtures.staff import STAFF_PASSWORD, csrf_token

NEW = {"username": "rv_kashi", "display_name": "喀什地区住建局", "role": "reviewer",
       "prefecture_code": "653100", "password": "Kashi2024pw"}


def member(app, username: str) -> StaffMember:
    with app.app_context():
        return db.session.execute(select(StaffMember).where(StaffMember.username == username)).scalar_one()


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


def login(client: FlaskClient, username: str, password: str = STAFF_PASSWORD):
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    return client.post("/console/login", data={"csrf_token": token, "username": username, "password": password})


def test_an_admin_creates_a_reviewer_with_the_cli_rules(app, client, staff, console):
    staff()
    console.login()
    response = console.post_form("/console/staff", NEW)
    assert response.status_code == 302
    page = client.get("/console/staff").get_data(as_text=True)
    assert "rv_kashi" in page and "喀什地区" in page and "已创建" in page
    assert member(app, "rv_kashi").prefecture_code == "653100"
    assert "staff.created" in actions(app)
    refused = console.post_form("/console/staff", {**NEW, "username": "rv_hotan", "prefecture_code": "",
                                                   "password": "short"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "密码至少8位" in html
    duplicate = console.post_form("/console/staff", NEW)
    assert duplicate.status_code == 409 and "该用户名已被使用" in duplicate.get_data(as_text=True)
    no_role = console.post_form("/console/staff", {**NEW, "username": "someone", "role": ""})
    assert no_role.status_code == 422 and "请选择角色" in no_role.get_data(as_text=True)


def test_deactivating_a_member_ends_their_session_and_reactivating_needs_a_new_login(app, staff, console):
    staff()
    staff("rv_urumqi", StaffRole.reviewer, "650100")
    console.login()
    reviewer = app.test_client()
    login(reviewer, "rv_urumqi")
    assert reviewer.get("/console/review").status_code == 200
    target = member(app, "rv_urumqi").id
    response = console.post_form("/console/staff", {"active": "0"}, action=f"/console/staff/{target}/active")
    assert response.status_code == 302
    assert not member(app, "rv_urumqi").active
    assert reviewer.get("/console/review").status_code == 302  # the session ended
    assert "用户名或密码错误" in login(reviewer, "rv_urumqi").get_data(as_text=True)
    console.post_form("/console/staff", {"active": "1"}, action=f"/console/staff/{target}/active")
    assert member(app, "rv_urumqi").active
    assert login(reviewer, "rv_urumqi").status_code == 302
    assert reviewer.get("/console/review").status_code == 200
    assert [a for a in actions(app) if a.endswith("activated")] == ["staff.deactivated", "staff.reactivated"]


def test_an_admin_cannot_deactivate_themselves(app, staff, console):
    admin_id = staff()
    console.login()
    response = console.post_form("/console/staff", {"active": "0"}, action=f"/console/staff/{admin_id}/active")
    assert response.status_code == 409 and "不能停用自己的账号" in response.get_data(as_text=True)
    assert member(app, "admin").active


def test_resetting_a_password_ends_sessions_and_the_new_one_works(app, staff, console):
    staff()
    target = staff("xiehui", StaffRole.association)
    console.login()
    other = app.test_client()
    login(other, "xiehui")
    weak = console.post_form("/console/staff", {"password": "abc"}, action=f"/console/staff/{target}/password")
    assert weak.status_code == 422 and "密码至少8位" in weak.get_data(as_text=True)
    done = console.post_form("/console/staff", {"password": "NewPass2025"}, action=f"/console/staff/{target}/password")
    assert done.status_code == 302
    assert other.get("/console/").status_code == 302
    assert login(other, "xiehui", "NewPass2025").status_code == 302
    assert "staff.password_reset" in actions(app)


def test_staff_pages_are_for_admins_and_need_csrf(app, client, staff, console):
    staff()
    staff("rv_urumqi", StaffRole.reviewer, "650100")
    console.login("rv_urumqi")
    assert client.get("/console/staff").status_code == 403
    assert console.post_form("/console/review", NEW, action="/console/staff").status_code == 403
    admin = app.test_client()
    login(admin, "admin")
    refused = admin.post("/console/staff", data=NEW)
    assert refused.status_code == 400 and "页面已过期" in refused.get_data(as_text=True)
    assert actions(app).count("staff.created") == 2  # the two made by the fixture, nothing more
