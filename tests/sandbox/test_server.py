"""SandboxServer: a real HTTP server on a loopback port, started and stopped from Python."""
from __future__ import annotations

import logging

import pytest
import requests

from server.sandbox import SandboxServer, SandboxSettings


def test_it_serves_on_a_free_loopback_port_until_stopped():
    server = SandboxServer(SandboxSettings.generate())
    base_url = server.start()
    try:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/")
        assert requests.get(base_url, timeout=2).status_code == 200
        assert server.wechat_api_base_url == server.sms_endpoint == base_url
    finally:
        server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(base_url, timeout=2)


def test_it_can_be_used_as_a_context_manager_and_stopped_twice():
    with SandboxServer() as server:
        assert requests.get(server.base_url + "sandbox/sms.json", timeout=2).json() == {"messages": []}
    server.stop()
    with pytest.raises(RuntimeError):
        _ = server.sms_endpoint


def test_two_sandboxes_do_not_share_state():
    with SandboxServer() as one, SandboxServer() as two:
        assert one.base_url != two.base_url
        one.mint_login_code()
        assert one.settings != two.settings


def test_it_refuses_to_listen_beyond_loopback():
    with pytest.raises(ValueError):
        SandboxServer(host="0.0.0.0")


def test_generated_settings_are_random_and_their_secrets_stay_out_of_repr():
    one, two = SandboxSettings.generate(), SandboxSettings.generate()
    assert one.wechat_secret != two.wechat_secret
    assert one.tencent_secret_id.startswith("AKID") and one.wechat_appid.startswith("wx")
    assert one.wechat_secret not in repr(one) and one.tencent_secret_key not in repr(one)
    assert one.mail_password != two.mail_password and one.mail_password not in repr(one)


def test_request_logs_leave_out_query_strings_where_wechat_puts_its_secret(sandbox, caplog):
    caplog.set_level(logging.DEBUG, logger="server.sandbox")
    settings = sandbox.settings
    requests.get(sandbox.base_url + "cgi-bin/token", timeout=2, params={
        "grant_type": "client_credential", "appid": settings.wechat_appid,
        "secret": settings.wechat_secret})
    server_lines = [r.getMessage() for r in caplog.records if r.name.startswith("server.sandbox")]
    assert any("/cgi-bin/token" in line for line in server_lines)
    assert all(settings.wechat_secret not in line for line in server_lines)


def test_reset_forgets_users_tokens_faults_and_records(sandbox):
    sandbox.mint_login_code()
    sandbox.fail_next("/cgi-bin/token")
    requests.get(sandbox.base_url + "cgi-bin/token", timeout=2)
    sandbox.reset()
    assert sandbox.calls() == [] and sandbox.token_requests == []
    assert sandbox.context.faults.as_json() == {}
