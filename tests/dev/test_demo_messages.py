"""The demo's messages, tried as a new user would in `make run`: on the sandbox's official-account
page scan the demo applicant's QR code, send 进度 and read the reply; reject and approve in the
console; see the messages on the sandbox's messages page."""
from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import select

from server.applications.models import Application
from server.dev import demo_messages
from server.dev.demo import load_demo_data
from server.extensions import db
from server.messages.sender import send_due
from tests.fixtures.staff import csrf_token

PATH = "/wechat/official-account"


@pytest.fixture
def demo(app, sandbox, live_server, clock) -> dict[str, str]:
    """`make run`'s start: demo data, the sandbox prepared, pushes going to our live server."""
    sandbox.set_official_account_url(live_server.url + PATH)
    with app.app_context():
        logins = {login.username: login.password for login in load_demo_data()}
        demo_messages.prepare(sandbox)
    yield logins
    sandbox.set_official_account_url(None)


def _reply(html: str) -> str:
    return re.search(r'id="reply-text">(.*?)</div>', html, re.S).group(1)


def _hidden(html: str, action: str) -> dict[str, str]:
    form = html[html.index(f'action="{action}"'):]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form[:form.index("</form>")]))


def _application_of(app, name: str) -> int:
    with app.app_context():
        return db.session.execute(select(Application.id).where(Application.name == name)).scalar_one()


def test_binding_asking_and_deciding_through_the_demo(app, client, sandbox, demo):
    page_url = sandbox.base_url + "sandbox/wechat/official-account"
    page = requests.get(page_url, timeout=5).text
    [ticket] = re.findall(r'name="ticket" value="([^"]+)"', page)  # 张三's binding QR code

    scanned = requests.post(page_url, data={"action": "scan_qr", "ticket": ticket, "openid": ""}, timeout=10).text
    assert "绑定成功" in _reply(scanned) and "当前状态：待审核" in _reply(scanned)
    openid = re.search(r'name="openid" size="32" value="([^"]+)"', scanned).group(1)
    progress = requests.post(page_url, data={"action": "text", "openid": openid, "content": "进度",
                                             "mode": "safe", "format": "xml"}, timeout=10).text
    assert "下一步：等待所在地住房城乡建设主管部门审核" in _reply(progress)

    login = client.get("/console/login").get_data(as_text=True)
    client.post("/console/login", data={"csrf_token": csrf_token(login), "username": "reviewer650100",
                                        "password": demo["reviewer650100"]})
    zhang, li = _application_of(app, "张三"), _application_of(app, "李四")
    html = client.get(f"/console/review/{zhang}").get_data(as_text=True)
    assert client.post(f"/console/review/{zhang}/reject", data={
        **_hidden(html, f"/console/review/{zhang}/reject"), "reasons": "职称证书不清晰"}).status_code == 302
    html = client.get(f"/console/review/{li}").get_data(as_text=True)
    assert client.post(f"/console/review/{li}/approve",
                       data=_hidden(html, f"/console/review/{li}/approve")).status_code == 302

    with app.app_context():
        assert send_due().by_channel == {"template": 2}  # what the scheduler does each minute
    messages = requests.get(sandbox.base_url + "sandbox/wechat/messages", timeout=5).text
    assert re.findall(r'data-channel="(\w+)"', messages) == ["template", "template"]
    assert "已驳回" in messages and "职称证书不清晰" in messages and "已通过" in messages
    mine = requests.get(sandbox.base_url + "sandbox/wechat/messages", params={"openid": openid}, timeout=5).text
    assert "已驳回" in mine and "已通过" not in mine
