"""What changed since the last rejection: field by field, between the rejected submission and the
current one — so a reviewer checks the fixes, not the whole form again."""
from __future__ import annotations

from server.applications import drafts, submission
from server.applications.models import Application, Certificate
from server.applications.rules.id_number import mask_id_number
from server.extensions import db
from server.review import services as review
from server.review.changes import FieldChange, diff
from tests.fixtures.journey import id_number
from tests.fixtures.staff import staff_member


def rejected_then(app, build, reviewer, edit) -> list[FieldChange]:
    """Reject a pending application, let its applicant withdraw, `edit(owner)`, resubmit; the changes."""
    application_id = build.pending(sequence=1)
    with app.app_context():
        review.reject(application_id, staff_member(reviewer), "请按标注修改", {}, None)
        owner = build.owner(application_id)
        submission.withdraw(owner)
        edit(owner)
        submission.submit_info(owner)
    build.send_for_review(application_id)
    with app.app_context():
        return review.changes_since_last_rejection(db.session.get(Application, application_id))


def test_nothing_is_listed_before_a_rejection_or_before_the_resubmission(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert review.changes_since_last_rejection(application) == []
        review.reject(application_id, staff_member(reviewer), "请补充材料", {}, None)
        assert review.changes_since_last_rejection(application) == []


def test_a_resubmission_without_edits_lists_nothing(app, build, reviewer):
    assert rejected_then(app, build, reviewer, lambda owner: None) == []


def test_each_edited_field_is_listed_with_its_label_and_values(app, build, reviewer):
    def edit(owner):
        drafts.save_section(owner, "basic", {"title": "正高级工程师", "title_level": "正高级",
                                                   "id_number": id_number(3)})
        clearer = build.file(owner.id, "title_certificate")
        drafts.save_section(owner, "basic", {"title_certificate_file_id": clearer})
        drafts.save_section(owner, "specialties", {"primary": ["A04", "A0401", "A040101", "A040102"]})
        drafts.add_item(owner, Certificate, {"name": "注册结构工程师", "registration_number": "S123",
                                                   "proof_file_id": build.file(owner.id, "certificate_proof")})

    changes = {c.field: c for c in rejected_then(app, build, reviewer, edit)}
    assert list(changes) == [
        "basic.id_number", "basic.title", "basic.title_level", "basic.title_certificate_file_id",
        "specialties.primary", "certificates[1].name", "certificates[1].registration_number",
        "certificates[1].proof_file_id"]
    assert (changes["basic.title"].label, changes["basic.title"].before, changes["basic.title"].after) == (
        "职称", "高级工程师", "正高级工程师")
    assert changes["basic.title"].summary == "已修改"
    number = changes["basic.id_number"]
    assert (number.before, number.after) == (mask_id_number(id_number(1)), mask_id_number(id_number(3)))
    assert number.before.startswith("650102********")
    assert id_number(1) not in repr(changes) and id_number(3) not in repr(changes)
    certificate_file = changes["basic.title_certificate_file_id"]
    assert isinstance(certificate_file.before, int) and certificate_file.before != certificate_file.after
    assert certificate_file.summary == "已更换"
    assert changes["specialties.primary"].after == ["A04", "A0401", "A040101", "A040102"]
    assert changes["certificates[1].name"].label == "职业资格证书2 · 证书名称"
    assert (changes["certificates[1].name"].before, changes["certificates[1].name"].summary) == (None, "已填写")
    assert changes["certificates[1].proof_file_id"].summary == "已上传"


def test_lists_compare_by_position_and_a_removed_item_is_listed():
    builder = {"name": "一级建造师", "registration_number": "A1", "proof_file_id": 7}
    cost = {"name": "造价工程师", "registration_number": "B2", "proof_file_id": 8}
    unit = {"name": "某建设集团", "credit_code": None, "credit_code_confirmed": False, "description": "曾任职"}
    before = {"basic": {}, "certificates": [{"id": 1, **builder}, {"id": 2, **cost}], "avoidance_units": [unit]}
    # the rows were renumbered and a confirmation ticked: neither is a change of content
    after = {"basic": {}, "certificates": [{"id": 9, **cost}],
             "avoidance_units": [{**unit, "credit_code_confirmed": True}]}
    changes = [(c.field, c.before, c.after, c.summary) for c in diff(before, after)]
    assert changes == [
        ("certificates[0].name", "一级建造师", "造价工程师", "已修改"),
        ("certificates[0].registration_number", "A1", "B2", "已修改"),
        ("certificates[0].proof_file_id", 7, 8, "已更换"),
        ("certificates[1].name", "造价工程师", None, "已清空"),
        ("certificates[1].registration_number", "B2", None, "已清空"),
        ("certificates[1].proof_file_id", 8, None, "已删除")]


def test_an_id_number_change_hidden_by_the_mask_is_still_a_change():
    from server.review.changes import diff

    def form(digest: str) -> dict:
        return {"basic": {"id_number_masked": "650102********0014", "id_number_hash": digest}}

    changes = diff(form("hash-of-one-number"), form("hash-of-another"))
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("basic.id_number", "650102********0014", "650102********0014")]
    assert diff(form("same"), form("same")) == []
