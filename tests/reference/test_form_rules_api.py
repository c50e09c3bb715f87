"""GET /api/v1/reference/rules: the picker's limits come from the server's own constants."""
from __future__ import annotations

from server.applications.rules import specialties


def test_the_specialty_limits_are_the_rules_constants_without_login(client):
    response = client.get("/api/v1/reference/rules")
    assert response.status_code == 200
    assert response.json == {"specialties": {"max_level1": specialties.MAX_LEVEL1,
                                             "max_level2": specialties.MAX_LEVEL2,
                                             "max_level3_picks": specialties.MAX_LEVEL3_PICKS}}


def test_the_seeds_limits_one_two_and_four(client):
    assert client.get("/api/v1/reference/rules").json["specialties"] == {
        "max_level1": 1, "max_level2": 2, "max_level3_picks": 4}
