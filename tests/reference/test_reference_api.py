"""GET /api/v1/reference/*: no login, cacheable, documented; the current batch's closed nodes are grey."""
from __future__ import annotations

import json
from datetime import datetime

from server.accounts.actors import Actor
from server.clock import BEIJING
from server.reference import services
from server.reference.catalog import DATA_DIR, bundled_catalog
from tests.reference.catalog_files import find, rename_a0401_and_add_a040118

SPECIALTIES = "/api/v1/reference/specialties"
OPTIONS = "/api/v1/reference/options"


def all_nodes(tree):
    for node in tree:
        yield node
        yield from all_nodes(node["children"])


class TestTheSpecialtyCatalog:
    def test_a_fresh_database_serves_the_bundled_2018_catalog_without_login(self, client):
        response = client.get(SPECIALTIES)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=300"
        body = response.json
        assert body["edition"] == "2018"
        assert [n["code"] for n in body["tree"]] == [f"A0{i}" for i in range(1, 10)]
        assert find(body["tree"], "A04") | {"children": None} == {
            "code": "A04", "name": "设计", "level": 1, "closed": False, "children": None}
        assert find(body["tree"], "A040101")["level"] == 3 and find(body["tree"], "A040101")["children"] == []
        assert len(list(all_nodes(body["tree"]))) == len(bundled_catalog()) == 1084
        assert not any(node["closed"] for node in all_nodes(body["tree"]))

    def test_a_reload_changes_what_is_served(self, app, client, catalog_file):
        client.get(SPECIALTIES)
        with app.app_context():
            services.load_catalog_file("2018", catalog_file(rename_a0401_and_add_a040118), Actor.system())
        tree = client.get(SPECIALTIES).json["tree"]
        assert find(tree, "A0401")["name"] == "建筑工程（含装配式）"
        assert [c["code"] for c in find(tree, "A0401")["children"]][-3:] == ["A040117", "A040118", "A040199"]
        assert find(tree, "A040118") == {"code": "A040118", "name": "装配式建筑", "level": 3, "closed": False,
                                         "children": []}

    def test_closing_a04_for_the_current_batch_greys_a04_and_everything_under_it(self, app, client, make_batch):
        batch_id = make_batch()
        with app.app_context():
            services.set_closed_codes(batch_id, ["A04"], Actor.system())
        tree = client.get(SPECIALTIES).json["tree"]
        a04 = find(tree, "A04")
        under_a04 = list(all_nodes(a04["children"]))
        assert a04["closed"] and len(under_a04) == 30 + sum(len(c["children"]) for c in a04["children"])
        assert all(node["closed"] for node in under_a04)
        others = [node for root in tree if root["code"] != "A04" for node in all_nodes([root])]
        assert others and not any(node["closed"] for node in others)

    def test_closing_a_level2_node_greys_only_its_subtree(self, app, client, make_batch):
        batch_id = make_batch()
        with app.app_context():
            services.set_closed_codes(batch_id, ["A0401"], Actor.system())
        tree = client.get(SPECIALTIES).json["tree"]
        assert not find(tree, "A04")["closed"] and not find(tree, "A0402")["closed"]
        assert find(tree, "A0401")["closed"] and find(tree, "A040199")["closed"]

    def test_only_the_current_batch_counts(self, app, client, make_batch):
        make_batch()
        upcoming = make_batch("2027年全区第一批", datetime(2027, 3, 1, 10, 30, tzinfo=BEIJING))
        with app.app_context():
            services.set_closed_codes(upcoming, ["A04"], Actor.system())
        assert not find(client.get(SPECIALTIES).json["tree"], "A04")["closed"]


class TestTheFormOptions:
    def test_lists_exactly_the_fourteen_prefectures_of_the_data_file(self, client):
        response = client.get(OPTIONS)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=300"
        data = json.loads((DATA_DIR / "prefectures.json").read_text(encoding="utf-8"))
        expected = [{"code": p["code"], "name": p["name"]} for p in data["prefectures"]]
        assert response.json["prefectures"] == expected and len(expected) == 14
        assert "石河子市" not in {p["name"] for p in response.json["prefectures"]}

    def test_lists_the_other_choices_of_the_form(self, client):
        body = client.get(OPTIONS).json
        form = json.loads((DATA_DIR / "form-options.json").read_text(encoding="utf-8"))
        assert body["political_affiliations"] == form["political_affiliation"]["items"]
        assert body["education"] == form["education"]["form_choices"]
        assert body["degrees"] == form["degree"]["form_choices"]
        assert body["title_levels"] == form["title_levels"]["levels"]
        assert set(body) == {"prefectures", "political_affiliations", "education", "degrees", "title_levels"}


def test_both_endpoints_are_documented_with_their_response_schemas(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    for path, schema in ((SPECIALTIES, "SpecialtyCatalog"), (OPTIONS, "FormOptions")):
        operation = document["paths"][path]["get"]
        assert "security" not in operation
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{schema}"}
    assert schemas["SpecialtyNode"]["properties"]["children"]["items"] == {"$ref": "#/components/schemas/SpecialtyNode"}
    assert set(schemas["SpecialtyNode"]["properties"]) == {"code", "name", "level", "closed", "children"}
    assert set(schemas["FormOptions"]["properties"]) == {
        "prefectures", "political_affiliations", "education", "degrees", "title_levels"}
