"""/api/v1/me/official-account: the profile's 已关注/未关注 and its binding QR code."""
from __future__ import annotations

from server.official_account import binding
from server.sandbox.wechat.world import QR_CONTENT_PREFIX
from tests.fixtures.accounts import bearer

PATH = "/api/v1/me/official-account"


def test_a_new_applicant_does_not_follow_and_gets_a_qr_code_valid_ten_minutes(client, register, sandbox):
    headers = bearer(register()["token"])
    assert client.get(PATH, headers=headers).json == {"followed": False, "bound_at": None}
    code = client.post(f"{PATH}/binding-code", headers=headers)
    assert code.status_code == 201
    [created] = sandbox.qr_codes
    assert created.ticket in code.json["image_url"] and code.json["url"].startswith(QR_CONTENT_PREFIX)
    assert code.json["expires_at"].endswith("+08:00")


def test_after_the_scan_the_profile_says_followed(app, client, register, sandbox):
    headers = bearer(register()["token"])
    client.post(f"{PATH}/binding-code", headers=headers)
    with app.app_context():
        binding.bind_by_scene("oProfile", sandbox.qr_codes[-1].scene)
    following = client.get(PATH, headers=headers).json
    assert following["followed"] is True and following["bound_at"].endswith("+08:00")


def test_wechat_unavailable_is_a_503_in_chinese(client, register, sandbox):
    headers = bearer(register()["token"])
    sandbox.fail_next("/cgi-bin/qrcode/create", status=502)
    refused = client.post(f"{PATH}/binding-code", headers=headers)
    assert refused.status_code == 503 and refused.json["message"] == "暂时无法生成关注二维码，请稍后重试"


def test_without_a_login_there_is_no_qr_code(client, sandbox):
    assert client.post(f"{PATH}/binding-code").status_code == 401
    assert sandbox.qr_codes == []
