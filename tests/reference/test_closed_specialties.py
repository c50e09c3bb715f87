"""Nodes closed for a batch: saved as chosen, unknown codes refused, every change audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.audit.models import AuditEntry
from server.batches.models import Batch
from server.errors import InvalidInput, NotFound
from server.extensions import db
from server.reference import services
from server.reference.catalog import bundled_catalog
from server.reference.tree import closed_subtree
from tests.fixtures.staff import staff_member
from tests.reference.catalog_files import rename_a0401_and_add_a040118


def closing_audit() -> list[dict]:
    query = select(AuditEntry).where(AuditEntry.action == "batch.specialties_closed").order_by(AuditEntry.id)
    return [entry.detail for entry in db.session.scalars(query)]


def test_a_batch_starts_with_nothing_closed(app, make_batch):
    batch_id = make_batch()
    with app.app_context():
        assert services.closed_codes(batch_id) == frozenset()


def test_closing_and_reopening_is_saved_and_audited(app, make_batch, staff):
    batch_id = make_batch()
    association = staff("xiehui", StaffRole.association)
    with app.app_context():
        actor = Actor.staff(staff_member(association))
        change = services.set_closed_codes(batch_id, ["A04", "A0201", "A04"], actor)
        assert (change.closed, change.opened) == (("A04", "A0201"), ())
        assert services.closed_codes(batch_id) == {"A04", "A0201"}
        change = services.set_closed_codes(batch_id, ["A0201", "A010101"], actor)
        assert (change.closed, change.opened, change.now_closed) == (("A010101",), ("A04",), {"A0201", "A010101"})
        assert "新关闭1项，重新开放1项" in change.summary()
        assert closing_audit() == [{"closed": ["A04", "A0201"], "opened": []},
                                   {"closed": ["A010101"], "opened": ["A04"]}]


def test_closings_belong_to_one_batch(app, make_batch):
    first, second = make_batch(), make_batch("2027年全区第一批")
    with app.app_context():
        services.set_closed_codes(first, ["A04"], Actor.system())
        assert services.closed_codes(second) == frozenset()


def test_unknown_codes_are_refused_and_nothing_changes(app, make_batch):
    batch_id = make_batch()
    with app.app_context():
        services.set_closed_codes(batch_id, ["A03"], Actor.system())
        with pytest.raises(InvalidInput) as refused:
            services.set_closed_codes(batch_id, ["A04", "A9901", "B01"], Actor.system())
        db.session.rollback()
        assert refused.value.message == "以下专业编码不在评标专业目录中：A9901、B01"
        assert services.closed_codes(batch_id) == {"A03"}
        assert len(closing_audit()) == 1


def test_an_unknown_batch_is_not_found(app_context):
    with pytest.raises(NotFound, match="批次不存在"):
        services.set_closed_codes(999, ["A04"], Actor.system())


def test_closing_a_node_closes_its_subtree():
    catalog = bundled_catalog()
    shut = closed_subtree(catalog, {"A04", "A0201", "A9999"})
    assert shut == {"A04", "A0201"} | {n.code for n in catalog if n.code.startswith(("A04", "A0201"))}
    assert "A02" not in shut and "A0101" not in shut


def test_a_reload_that_removes_a_closed_node_drops_its_closing(app, make_batch, catalog_file):
    batch_id = make_batch()

    def remove_a040199(tree):
        rename_a0401_and_add_a040118(tree)
        a0401 = next(c for c in next(n for n in tree if n["code"] == "A04")["children"] if c["code"] == "A0401")
        a0401["children"] = [c for c in a0401["children"] if c["code"] != "A040199"]

    with app.app_context():
        services.set_closed_codes(batch_id, ["A040199", "A0402"], Actor.system())
        services.load_catalog_file("2018", catalog_file(remove_a040199), Actor.system())
        assert services.closed_codes(batch_id) == {"A0402"}
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "catalog.reloaded")).one()
        assert entry.detail["closings_dropped"] == 1 and entry.detail["removed_codes"] == ["A040199"]


def test_the_codes_applicants_are_checked_against_follow_every_closing_change(app, make_batch, staff):
    """Kept per app between saves, they are read again once a closing change touched the batch."""
    batch_id = make_batch()
    association = staff("xiehui", StaffRole.association)
    with app.app_context():
        actor = Actor.staff(staff_member(association))
        assert services.closed_codes_of(db.session.get(Batch, batch_id)) == frozenset()
        services.set_closed_codes(batch_id, ["A04"], actor)
        assert services.closed_codes_of(db.session.get(Batch, batch_id)) == {"A04"}
        services.set_closed_codes(batch_id, [], actor)
        assert services.closed_codes_of(db.session.get(Batch, batch_id)) == frozenset()
