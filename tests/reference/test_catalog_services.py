"""The catalog in force is the one in the table: seeded from the bundled file, replaced by a reload."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update

from server.accounts.actors import Actor
from server.audit.models import AuditEntry
from server.batches.models import Batch
from server.errors import InvalidInput
from server.extensions import db
from server.reference import services
from server.reference.catalog import bundled_catalog
from server.reference.models import SpecialtyNode
from server.transactions import atomic
from tests.fixtures.statements import statements_sent
from tests.reference.catalog_files import find, rename_a0401_and_add_a040118

BUNDLED = bundled_catalog("2018")


def rows(edition: str = "2018") -> int:
    """Count the edition's rows, ending the read so that no transaction stays open."""
    count = db.session.scalar(select(func.count()).select_from(SpecialtyNode).where(SpecialtyNode.edition == edition))
    db.session.rollback()
    return count


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def same_tree(a, b) -> bool:
    return [(n.code, n.name, n.level, n.parent_code) for n in a] == [(n.code, n.name, n.level, n.parent_code) for n in b]


class TestAFreshDatabase:
    def test_serves_the_bundled_2018_catalog_and_keeps_it_in_the_table(self, app_context):
        assert rows() == 0
        catalog = services.catalog()
        assert same_tree(catalog, BUNDLED) and len(catalog) == 1084
        assert rows() == 1084 and rows("2010") == 0
        assert [e.detail["source"] for e in audit("catalog.loaded")] == ["bundled"]
        assert same_tree(services.catalog(), BUNDLED)
        assert len(audit("catalog.loaded")) == 1

    def test_the_table_is_read_in_file_order(self, app_context):
        services.catalog()
        again = services.catalog()
        assert [n.code for n in again.roots] == [f"A0{i}" for i in range(1, 10)]
        assert [n.code for n in again["A0401"].children][-2:] == ["A040117", "A040199"]
        assert "2018" in again.standard

    def test_seeding_joins_a_callers_write_and_goes_with_its_rollback(self, app_context):
        @atomic
        def a_write_that_gives_up():
            assert same_tree(services.catalog(), BUNDLED)
            raise RuntimeError("the caller gives up")

        with pytest.raises(RuntimeError):
            a_write_that_gives_up()
        assert rows() == 0  # the seeded rows went with the caller's rollback
        db.session.execute(select(Batch.id)).all()  # a reader's transaction is open
        services.catalog()  # seeded in a write of its own, committed at once
        db.session.rollback()
        assert rows() == 1084

    def test_an_unknown_edition_is_refused_in_chinese(self, app_context):
        with pytest.raises(InvalidInput, match="目录版本须为以下之一：2018、2010"):
            services.catalog("2024")


class TestReloadingACorrectedFile:
    def test_replaces_the_edition_and_counts_what_changed(self, app_context, catalog_file):
        services.catalog()
        changes = services.load_catalog_file("2018", catalog_file(rename_a0401_and_add_a040118), Actor.system())
        assert (changes.added, changes.removed, changes.renamed) == (("A040118",), (), ("A0401",))
        catalog = services.catalog()
        assert catalog["A0401"].name == "建筑工程（含装配式）"
        assert catalog.parent("A040118") is catalog["A0401"] and len(catalog) == 1085
        assert [n.code for n in catalog["A0401"].children][-3:] == ["A040117", "A040118", "A040199"]
        entry = audit("catalog.reloaded")[-1]
        assert (entry.detail["added"], entry.detail["removed"], entry.detail["renamed"]) == (1, 0, 1)
        assert entry.detail["renamed_codes"] == {"A0401": ["建筑工程", "建筑工程（含装配式）"]}
        assert entry.subject_id == "2018" and entry.detail["file"] == "specialties.json"

    def test_on_a_fresh_database_the_counts_are_against_the_bundled_catalog(self, app_context, catalog_file):
        def remove_a0430(tree):
            a04 = find(tree, "A04")
            a04["children"] = [c for c in a04["children"] if c["code"] != "A0430"]

        changes = services.load_catalog_file("2018", catalog_file(remove_a0430), Actor.system())
        assert changes.counts == {"added": 0, "removed": 1 + len(BUNDLED["A0430"].children), "renamed": 0}
        assert changes.removed[0] == "A0430" and "A0430" not in services.catalog()
        assert "共" in changes.summary() and "删除" in changes.summary()

    def test_with_the_batch_at_hand_the_generation_is_asked_once_per_batch_version_and_a_reload_seen(
            self, app, make_batch, catalog_file):
        batch_id = make_batch()
        with app.app_context():
            batch = db.session.get(Batch, batch_id)
            assert services.catalog(batch=batch)["A0401"].name == "建筑工程"
            db.session.rollback()
            with statements_sent(db.engine) as sent:
                assert services.catalog(batch=db.session.get(Batch, batch_id))["A0401"].name == "建筑工程"
            assert len(sent) == 1  # the batch, not the generation
            db.session.rollback()
            services.load_catalog_file("2018", catalog_file(rename_a0401_and_add_a040118), Actor.system())
            assert services.catalog(batch=db.session.get(Batch, batch_id))["A0401"].name == "建筑工程（含装配式）"

    def test_editions_are_independent(self, app_context, catalog_file):
        services.catalog()
        services.load_catalog_file("2010", catalog_file(rename_a0401_and_add_a040118), Actor.system())
        assert services.catalog("2018")["A0401"].name == "建筑工程"
        assert services.catalog("2010")["A0401"].name == "建筑工程（含装配式）"

    def test_a_change_made_by_another_process_is_seen_at_once(self, app_context):
        services.catalog()["A04"]
        with db.engine.begin() as other_process:
            other_process.execute(update(SpecialtyNode).where(SpecialtyNode.code == "A04").values(name="勘察设计"))
        assert services.catalog()["A04"].name == "勘察设计"


class TestABrokenFileChangesNothing:
    @pytest.fixture(autouse=True)
    def corrected_first(self, app_context, catalog_file):
        services.load_catalog_file("2018", catalog_file(rename_a0401_and_add_a040118, "good.json"), Actor.system())

    def refused(self, path) -> InvalidInput:
        with pytest.raises(InvalidInput) as raised:
            services.load_catalog_file("2018", path, Actor.system())
        db.session.rollback()
        assert services.catalog()["A0401"].name == "建筑工程（含装配式）" and len(services.catalog()) == 1085
        assert len(audit("catalog.reloaded")) == 1
        return raised.value

    def test_a_duplicate_code_is_named(self, catalog_file):
        def duplicate(tree):
            find(tree, "A0401")["children"].append({"code": "A040101", "name": "重复的节点"})

        error = self.refused(catalog_file(duplicate))
        assert "编码 A040101 重复出现" in error.message and error.fields == {"file": error.message}

    def test_a_child_code_not_under_its_parent_is_named(self, catalog_file):
        def misplaced(tree):
            find(tree, "A0401")["children"].append({"code": "A050101", "name": "放错位置的节点"})

        error = self.refused(catalog_file(misplaced))
        assert "A050101" in error.message and "上级编码A0401加2位数字" in error.message

    def test_a_name_the_table_cannot_hold_is_named(self, catalog_file):
        def too_long(tree):
            find(tree, "A0402")["name"] = "长" * 101

        assert "编码 A0402 的名称超过100个字符" in self.refused(catalog_file(too_long)).message

    def test_a_missing_or_unreadable_file(self, tmp_path):
        assert "找不到专业目录文件" in self.refused(tmp_path / "missing.json").message
        broken = tmp_path / "broken.json"
        broken.write_text("{", encoding="utf-8")
        assert "不是有效的JSON" in self.refused(broken).message
        latin = tmp_path / "gbk.json"
        latin.write_bytes("{\"tree\": \"设计\"}".encode("gbk"))
        assert "不是UTF-8编码" in self.refused(latin).message


def test_the_rows_are_checked_when_read_back(app_context):
    services.catalog()
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE specialty_nodes SET parent_code = 'A09' WHERE code = 'A0401'"))
    with pytest.raises(ValueError, match="A0401"):
        services.catalog()


def test_when_another_process_seeded_the_table_first_its_rows_are_kept(app_context):
    services.catalog()
    assert services._load_bundled("2018") is BUNDLED  # the insert collides: nothing raised
    assert rows() == 1084 and len(audit("catalog.loaded")) == 1
