"""QR codes (tickets remembered with their scene, images, expiry) and the menu, over raw HTTP."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from server.sandbox.wechat.world import QR_CONTENT_PREFIX


@pytest.fixture
def oa_token(sandbox) -> str:
    settings = sandbox.settings
    return requests.get(sandbox.base_url + "cgi-bin/token", params={
        "grant_type": "client_credential", "appid": settings.oa_appid, "secret": settings.oa_secret},
        timeout=2).json()["access_token"]


def _create(sandbox, token, body) -> dict:
    return requests.post(sandbox.base_url + "cgi-bin/qrcode/create", params={"access_token": token},
                         json=body, timeout=2).json()


def test_a_temporary_string_scene_code_is_remembered_with_its_scene(sandbox, oa_token):
    answer = _create(sandbox, oa_token, {"expire_seconds": 1800, "action_name": "QR_STR_SCENE",
                                         "action_info": {"scene": {"scene_str": "bind-9"}}})
    assert answer["errcode"] == 0 and answer["expire_seconds"] == 1800
    assert answer["url"].startswith(QR_CONTENT_PREFIX)
    [ticket] = sandbox.context.wechat.tickets()
    assert (ticket.ticket, ticket.scene) == (answer["ticket"], "bind-9")
    listed = requests.get(sandbox.base_url + "sandbox/wechat/qr-codes", timeout=2).json()["qr_codes"]
    assert [(t["ticket"], t["scene"]) for t in listed] == [(answer["ticket"], "bind-9")]


def test_wechats_defaults_and_caps_for_lifetimes(sandbox, oa_token):
    short = _create(sandbox, oa_token, {"action_name": "QR_SCENE", "action_info": {"scene": {"scene_id": 7}}})
    long = _create(sandbox, oa_token, {"expire_seconds": 10**9, "action_name": "QR_STR_SCENE",
                                       "action_info": {"scene": {"scene_str": "x"}}})
    permanent = _create(sandbox, oa_token, {"action_name": "QR_LIMIT_STR_SCENE",
                                            "action_info": {"scene": {"scene_str": "y"}}})
    assert (short["expire_seconds"], long["expire_seconds"]) == (60, 2592000)
    assert "expire_seconds" not in permanent


@pytest.mark.parametrize("body", [
    {"action_name": "QR_STR_SCENE", "action_info": {"scene": {"scene_str": "x" * 65}}},
    {"action_name": "QR_STR_SCENE", "action_info": {}},
    {"action_name": "QR_SOMETHING", "action_info": {"scene": {"scene_str": "x"}}},
])
def test_bad_codes_are_refused(sandbox, oa_token, body):
    assert _create(sandbox, oa_token, body)["errcode"] == 47003


def test_the_image_is_a_png_until_the_code_expires(sandbox, oa_token, time_machine):
    time_machine.move_to(datetime.now(UTC))
    answer = _create(sandbox, oa_token, {"expire_seconds": 60, "action_name": "QR_STR_SCENE",
                                         "action_info": {"scene": {"scene_str": "s"}}})
    image = requests.get(sandbox.base_url + "cgi-bin/showqrcode", params={"ticket": answer["ticket"]}, timeout=2)
    assert image.headers["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    time_machine.shift(timedelta(seconds=60))
    gone = requests.get(sandbox.base_url + "cgi-bin/showqrcode", params={"ticket": answer["ticket"]}, timeout=2)
    assert gone.status_code == 404


def test_the_menu_is_checked_and_recorded(sandbox, oa_token):
    url = sandbox.base_url + "cgi-bin/menu/create"
    menu = {"button": [{"type": "click", "name": "进度", "key": "progress"}]}
    assert requests.post(url, params={"access_token": oa_token}, json=menu, timeout=2).json()["errcode"] == 0
    too_many = {"button": [menu["button"][0]] * 4}
    assert requests.post(url, params={"access_token": oa_token}, json=too_many, timeout=2).json()["errcode"] == 40016
    assert [created.menu for created in sandbox.menus] == [menu]


def test_the_mini_programs_token_cannot_touch_the_official_account(sandbox, wechat_client):
    token = wechat_client.access_token
    assert _create(sandbox, token, {"action_name": "QR_STR_SCENE",
                                    "action_info": {"scene": {"scene_str": "x"}}})["errcode"] == 40001
