"""The history of an application in review: each submission and the decision on it, in order."""
from __future__ import annotations

from server.applications import submission
from server.applications.models import Application
from server.extensions import db
from server.review import services as review
from tests.fixtures.staff import staff_member


def test_submissions_and_decisions_read_in_the_order_they_happened(app, build, reviewer, clock):
    application_id = build.pending()
    with app.app_context():
        first_sheet = db.session.get(Application, application_id).signed_sheet_file_id
        review.reject(application_id, staff_member(reviewer), "职称证书不清晰", {"basic.title_certificate_file_id": "模糊"}, None)
        owner = build.owner(application_id)
        submission.withdraw(owner)
        submission.submit_info(owner)  # the clock stands still: order must not depend on timestamps
    build.send_for_review(application_id)
    clock.shift(3600)
    with app.app_context():
        second_sheet = db.session.get(Application, application_id).signed_sheet_file_id
        review.approve(application_id, staff_member(reviewer), None)
        entries = review.history(db.session.get(Application, application_id))
    assert [(e.kind, e.sequence, e.label) for e in entries] == [
        ("submission", 1, "第1次提交资料"), ("decision", 1, "驳回"),
        ("submission", 2, "第2次提交资料"), ("decision", 2, "审核通过")]
    rejection, approval = entries[1], entries[3]
    assert (rejection.reasons, rejection.field_marks) == ("职称证书不清晰", {"basic.title_certificate_file_id": "模糊"})
    assert (rejection.reviewer_id, rejection.signed_sheet_file_id) == (reviewer, first_sheet)
    assert (approval.reviewer_id, approval.signed_sheet_file_id) == (reviewer, second_sheet)
    assert entries[0].snapshot_id == rejection.snapshot_id != entries[2].snapshot_id == approval.snapshot_id
    assert approval.at > rejection.at


def test_a_submission_not_yet_decided_has_only_its_submission(app, build):
    application_id = build.pending()
    with app.app_context():
        entries = review.history(db.session.get(Application, application_id))
    assert [(e.kind, e.decision) for e in entries] == [("submission", None)]
