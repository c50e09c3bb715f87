"""Console login: the page, CSRF, the lockout, roles, and logout."""
from __future__ import annotations

import pytest

from server.accounts.models import StaffRole


def test_the_login_page_is_chinese_and_carries_a_csrf_token(client):
    page = client.get("/console/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "工作人员登录" in html and 'name="csrf_token"' in html


def test_console_pages_send_strangers_to_the_login_page(client):
    response = client.get("/console/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/console/login")


def test_a_reviewer_logs_in_and_sees_their_prefecture(client, staff, console):
    staff("rv_urumqi", StaffRole.reviewer, "650100")
    response = console.login("rv_urumqi")
    assert response.status_code == 302 and response.headers["Location"] == "/console/"
    home = client.get("/console/").get_data(as_text=True)
    assert "负责 乌鲁木齐市 的资格审核" in home


def test_a_form_without_its_csrf_token_is_refused(client, staff):
    staff()
    response = client.post("/console/login", data={"username": "admin", "password": "Console2024pw"})
    assert response.status_code == 400
    assert "页面已过期或来源无效" in response.get_data(as_text=True)


def test_five_wrong_passwords_lock_a_staff_account_and_say_until_when(client, staff, console, clock):
    staff()
    for _ in range(4):
        assert "用户名或密码错误" in console.login(password="Wrong0000").get_data(as_text=True)
    locked = console.login(password="Wrong0000")
    assert locked.status_code == 423
    assert "请于 2026-11-25 12:15（北京时间）后再试" in locked.get_data(as_text=True)
    assert console.login().status_code == 423
    clock.shift(15 * 60)
    assert console.login().status_code == 302


def test_logout_ends_the_console_session(client, staff, console):
    staff()
    console.login()
    assert client.get("/console/").status_code == 200
    console.post_form("/console/", {}, action="/console/logout")
    assert client.get("/console/").status_code == 302


def test_the_login_never_redirects_off_site(client, staff, console):
    staff()
    response = console.post_form("/console/login", {"username": "admin", "password": "Console2024pw",
                                                     "next": "//evil.example.com/"})
    assert response.headers["Location"] == "/console/"


def test_a_cookie_replayed_after_logout_is_refused(client, staff, console):
    staff()
    console.login()
    cookie = client.get_cookie("session").value
    console.post_form("/console/", {}, action="/console/logout")
    client.set_cookie("session", cookie)
    response = client.get("/console/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/console/login")
    assert console.login().status_code == 302 and client.get("/console/").status_code == 200


@pytest.mark.parametrize("target", ["/console/review\r\nSet-Cookie: x=1", "/console/\n", "/console/%0d%0a\t",
                                    "https://evil.example.com/console/", "//evil.example.com", "\\\\evil",
                                    "/\\evil.example.com", "/console\\..\\x", "javascript:alert(1)", "/verify/x"])
def test_a_bad_next_after_login_goes_home_and_never_fails(client, staff, console, target):
    staff()
    page = client.get("/console/login", query_string={"next": target})
    assert page.status_code == 200 and target not in page.get_data(as_text=True)
    response = console.post_form("/console/login", {"username": "admin", "password": "Console2024pw",
                                                    "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/console/"


def test_a_console_next_after_login_is_kept(client, staff, console):
    staff()
    response = console.post_form("/console/login", {"username": "admin", "password": "Console2024pw",
                                                    "next": "/console/review?state=all"})
    assert response.headers["Location"] == "/console/review?state=all"
