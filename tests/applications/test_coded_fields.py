"""Coded fields accept only their codes: a label or an unknown value is refused whole, naming the choices.

An application saved with `prefecture_code: "克拉玛依市"` used to pass submit and reach no reviewer.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.applications.choices import coded_fields
from server.applications.models import Application
from server.extensions import db
from tests.fixtures.forms import CURRENT

# field -> (section, a label or other spelling where the code belongs, an unknown code)
WRONG_VALUES = {
    "gender": ("basic", "男性", "M"),
    "political_affiliation": ("basic", "中共党员", "99"),
    "prefecture_code": ("basic", "克拉玛依市", "659001"),
    "title_level": ("basic", "高级", "2"),
    "education": ("basic", "本科", "21"),
    "degree": ("basic", "学士学位", "4"),
    "kind": ("renewal", "新增", "again"),
}
CASES = [(field, section, value) for field, (section, *values) in WRONG_VALUES.items() for value in values]


def test_the_table_names_every_coded_field():
    assert set(WRONG_VALUES) == set(coded_fields())


@pytest.mark.parametrize(("field", "section", "value"), CASES)
def test_a_coded_field_refuses_anything_but_its_codes_and_stores_nothing(client, applicant, field, section, value):
    body = {field: value, "major": "土木工程"} if section == "basic" else {field: value}
    response = client.put(f"{CURRENT}/{section}", headers=applicant, json=body)
    assert response.status_code == 422, response.json
    message = response.json["fields"][f"{section}.{field}"]
    choices = coded_fields()[field]
    assert message.startswith(f"{choices.label}须为以下之一：") and all(code in message for code in choices.codes)
    after = client.get(CURRENT, headers=applicant).json
    assert after[section][field] is None and after["basic"]["major"] is None


def test_the_refusal_names_codes_beside_their_labels(client, applicant):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json={"political_affiliation": "群众"})
    assert response.status_code == 422
    assert response.json["fields"]["basic.political_affiliation"].startswith(
        "政治面貌须为以下之一：01 中共党员、02 中共预备党员、03 共青团员")
    assert "650200 克拉玛依市" in client.put(f"{CURRENT}/basic", headers=applicant,
                                          json={"prefecture_code": "克拉玛依市"}).json["message"]


@pytest.mark.parametrize("body", [{"political_affiliation": "13", "prefecture_code": "650200", "gender": "女",
                                   "title_level": "副高级", "education": "大学本科", "degree": "学士"}])
def test_the_codes_themselves_are_stored(client, applicant, body):
    response = client.put(f"{CURRENT}/basic", headers=applicant, json=body)
    assert response.status_code == 200 and response.json["field_problems"] == {}
    assert {k: response.json["basic"][k] for k in body} == body


def test_a_label_stored_before_codes_were_enforced_is_a_problem_at_submit(app, client, applicant):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "张三"})
    with app.app_context():
        row = db.session.execute(select(Application)).scalar_one()
        row.prefecture_code, row.political_affiliation = "克拉玛依市", "群众"
        db.session.commit()
    problems = {p["field"]: p["message"] for p in client.get(f"{CURRENT}/problems", headers=applicant).json["problems"]}
    assert problems["basic.prefecture_code"].startswith("所在市州须为以下之一：650100 乌鲁木齐市")
    assert problems["basic.political_affiliation"].startswith("政治面貌须为以下之一：01 中共党员")


def test_the_openapi_document_lists_each_coded_field_as_an_enum_with_labels(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    for field, (section, *_values) in WRONG_VALUES.items():
        schema = next(s for name, s in schemas.items() if name.lower().startswith(section) and field in
                      s.get("properties", {}))["properties"][field]
        choices = coded_fields()[field]
        assert schema["enum"][:len(choices.codes)] == list(choices.codes)
        assert schema["x-enum-labels"] == {c.code: c.label for c in choices.choices}
        assert "取以下代码之一" in schema["description"]
