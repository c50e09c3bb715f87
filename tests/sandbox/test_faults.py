"""Faults on demand: the next N requests to a path fail, or answer late."""
from __future__ import annotations

import threading

import pytest
import requests

from server.sandbox.faults import FaultPlan

IPS = "cgi-bin/getcallbackip"


def _get(sandbox, path: str, timeout: float = 2.0) -> requests.Response:
    return requests.get(sandbox.base_url + path, timeout=timeout)


def test_the_next_n_calls_fail_then_the_endpoint_recovers(sandbox):
    sandbox.fail_next("/" + IPS, times=2, status=503)
    assert [_get(sandbox, IPS).status_code for _ in range(3)] == [503, 503, 200]
    assert [call.status for call in sandbox.calls("/" + IPS)] == [503, 503, 200]


def test_a_failure_can_carry_a_json_body_such_as_a_wechat_errcode(sandbox):
    sandbox.fail_next(IPS, status=200, body={"errcode": -1, "errmsg": "system error"})
    reply = _get(sandbox, IPS)
    assert (reply.status_code, reply.json()) == (200, {"errcode": -1, "errmsg": "system error"})


def test_a_delay_trips_a_client_timeout_once(sandbox):
    sandbox.delay_next(IPS, seconds=2.0)
    with pytest.raises(requests.Timeout):
        _get(sandbox, IPS, timeout=0.2)
    assert _get(sandbox, IPS).status_code == 200


def test_garbage_is_answered_as_it_is_with_a_200_then_the_endpoint_recovers(sandbox):
    sandbox.garbage_next(IPS)
    reply = _get(sandbox, IPS)
    assert (reply.status_code, reply.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert reply.text.startswith("<html>") and "502 Bad Gateway" in reply.text
    sandbox.garbage_next(IPS, body=b'{"errcode": 0, "ip_list"', content_type="application/json")
    assert _get(sandbox, IPS).content == b'{"errcode": 0, "ip_list"'  # cut off mid-JSON
    assert _get(sandbox, IPS).json()["errcode"] == 41001  # WeChat's own answer again (no token given)


def test_a_hung_request_is_dropped_unhandled_when_released(sandbox):
    sandbox.hang_next("/cgi-bin/token")
    settings = sandbox.settings
    token = f"cgi-bin/token?grant_type=client_credential&appid={settings.wechat_appid}&secret={settings.wechat_secret}"
    with pytest.raises(requests.Timeout):
        _get(sandbox, token, timeout=0.2)
    sandbox.faults.clear()
    dropped = [call.status for call in sandbox.calls("/cgi-bin/token")]
    assert not sandbox.recorder.token_requests  # WeChat never issued a token for it
    assert _get(sandbox, token).json()["expires_in"] == 7200 and len(sandbox.recorder.token_requests) == 1
    assert dropped in ([], [504])  # answered 504 once released (perhaps not yet recorded)


def test_faults_apply_only_to_their_own_path(sandbox):
    sandbox.fail_next("/cgi-bin/token")
    assert _get(sandbox, IPS).status_code == 200


def test_control_endpoints_are_never_faulted(sandbox):
    sandbox.fail_next("/sandbox/records")
    assert _get(sandbox, "sandbox/records").status_code == 200


def test_clearing_wakes_a_delayed_request_at_once():
    plan = FaultPlan()
    plan.delay_next("/x", seconds=60)
    finished = threading.Event()
    worker = threading.Thread(target=lambda: (plan.apply("/x"), finished.set()))
    worker.start()
    plan.clear()
    assert finished.wait(timeout=5)
    worker.join()


def test_times_must_be_positive():
    with pytest.raises(ValueError):
        FaultPlan().fail_next("/x", times=0)
