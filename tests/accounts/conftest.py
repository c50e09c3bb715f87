"""Fixtures for the account specs: codes arrive through the SMS sandbox, as on a phone."""
from __future__ import annotations

import pytest


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture
def send_code(client, sandbox):
    """Ask the API for a code and read it off the (sandbox) phone."""

    def send(phone: str, purpose: str = "register", token: str | None = None) -> str:
        response = client.post("/api/v1/sms-codes", json={"phone": phone, "purpose": purpose},
                               headers=bearer(token))
        assert response.status_code == 202, response.json
        return [m for m in sandbox.recorder.sms_messages if m.phone.endswith(phone)][-1].code

    return send


@pytest.fixture
def register(client, send_code):
    def register(username: str = "zhang_san", phone: str = "13800138000",
                 password: str = "Passw0rd2024", **extra) -> dict:
        code = send_code(phone)
        response = client.post("/api/v1/accounts", json={
            "username": username, "password": password, "phone": phone, "sms_code": code, **extra})
        assert response.status_code == 201, response.json
        return response.json

    return register
