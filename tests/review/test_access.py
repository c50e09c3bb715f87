"""Who sees an application and reads its files: its applicant; the reviewers of the prefecture it
was submitted to; admins with a reason (audited). Association staff see the application but not its
files. Everyone else finds nothing."""
from __future__ import annotations

import pytest

from server.accounts.models import StaffRole
from server.applications import submission
from server.applications.models import Application
from server.errors import NotFound
from server.extensions import db
from server.files.models import StoredFile
from server.review import services as review
from server.review.access import FileAccess, file_access, staff_may_read
from server.review.page import open_file_for_staff
from tests.fixtures.staff import staff_member


def files_of(application_id: int) -> dict[str, StoredFile]:
    application = db.session.get(Application, application_id)
    ids = {"photo": application.photo_file_id, "certificate": application.certificates[0].proof_file_id,
           "sheet": application.signed_sheet_file_id, "letter": application.commitment_letter_file_id}
    return {name: db.session.get(StoredFile, file_id) for name, file_id in ids.items()}


def test_a_reviewer_sees_the_applications_of_their_prefecture_only(app, build, reviewer, make_staff):
    application_id = build.pending(prefecture_code="650100")
    karamay = make_staff(StaffRole.reviewer, "650200")
    with app.app_context():
        assert review.visible_application(application_id, staff_member(reviewer)).id == application_id
        for missing in (application_id, 999999):
            with pytest.raises(NotFound) as refused:
                review.visible_application(missing, staff_member(karamay))
            assert refused.value.message == "申请不存在"


@pytest.mark.parametrize("role", [StaffRole.association, StaffRole.admin])
def test_association_and_admin_staff_see_every_prefecture(app, build, make_staff, role):
    application_id = build.pending(prefecture_code="654300")
    member = make_staff(role, None)
    with app.app_context():
        assert review.visible_application(application_id, staff_member(member)).prefecture_code == "654300"


def test_a_draft_never_submitted_is_seen_by_no_staff(app, build, reviewer, make_staff):
    account_id = build.account()
    admin = make_staff(StaffRole.admin, None)
    with app.app_context():
        build.fill(account_id)
        draft = db.session.execute(db.select(Application)).scalar_one()
        for member in (reviewer, admin):
            with pytest.raises(NotFound):
                review.visible_application(draft.id, staff_member(member))


def test_an_inactive_reviewer_sees_nothing(app, build, make_staff):
    application_id = build.pending()
    gone = make_staff(StaffRole.reviewer, "650100", active=False)
    with app.app_context(), pytest.raises(NotFound):
        review.visible_application(application_id, staff_member(gone))


def test_the_owner_and_the_prefectures_reviewer_read_the_files_others_do_not(app, build, reviewer, make_staff):
    application_id = build.pending(prefecture_code="650100")
    karamay = make_staff(StaffRole.reviewer, "650200")
    association = make_staff(StaffRole.association, None)
    admin = make_staff(StaffRole.admin, None)
    stranger = build.account()
    with app.app_context():
        owner = build.owner(application_id)
        for name, file in files_of(application_id).items():
            assert file.owner_account_id == owner.id, name
            assert file_access(file, staff_member(reviewer)) is FileAccess.direct, name
            assert file_access(file, staff_member(association)) is FileAccess.none, name
            assert file_access(file, staff_member(admin)) is FileAccess.with_reason, name
            assert not staff_may_read(file, staff_member(karamay)), name
            assert file.owner_account_id != stranger, name
        with pytest.raises(NotFound) as refused:
            open_file_for_staff(files_of(application_id)["sheet"].id, staff_member(karamay))
        assert refused.value.message == "文件不存在"
        sheet = open_file_for_staff(files_of(application_id)["sheet"].id, staff_member(reviewer))
        assert sheet.data.startswith(b"%PDF-")


@pytest.mark.parametrize("role", [StaffRole.reviewer, StaffRole.association, StaffRole.admin])
def test_no_staff_member_reads_an_upload_no_submission_uses(app, build, make_staff, role):
    application_id = build.pending()
    member = make_staff(role, "650100" if role is StaffRole.reviewer else None)
    with app.app_context():
        owner = build.owner(application_id)
        stray = db.session.get(StoredFile, build.file(owner.id, "education_proof"))
        assert not staff_may_read(stray, staff_member(member))


def test_the_sheet_of_a_rejected_submission_stays_readable_after_a_withdrawal(app, build, reviewer):
    application_id = build.pending()
    with app.app_context():
        sheet = files_of(application_id)["sheet"]
        review.reject(application_id, staff_member(reviewer), "单位未盖章", {"review.signed_sheet_file_id": "缺少公章"}, None)
        submission.withdraw(build.owner(application_id))
        assert db.session.get(Application, application_id).signed_sheet_file_id is None
        assert staff_may_read(sheet, staff_member(reviewer))


def test_an_inactive_reviewer_reads_nothing(app, build, make_staff):
    application_id = build.pending()
    gone = make_staff(StaffRole.reviewer, "650100", active=False)
    with app.app_context():
        assert not staff_may_read(files_of(application_id)["photo"], staff_member(gone))


def _withdrawn(app, build) -> int:
    """A pending application its applicant withdrew (back to draft)."""
    application_id = build.pending(prefecture_code="650100")
    with app.app_context():
        submission.withdraw(build.owner(application_id))
    return application_id


def test_a_photo_uploaded_into_the_draft_after_a_withdrawal_is_not_readable_by_staff(app, build, reviewer,
                                                                                     client, console, staff):
    from server.applications import drafts
    application_id = _withdrawn(app, build)
    with app.app_context():
        owner = build.owner(application_id)
        old_photo = db.session.get(Application, application_id).photo_file_id
        new_photo = build.file(owner.id, "photo")
        saved = drafts.save_section(owner, "basic", {"photo_file_id": new_photo})
        assert not saved.field_problems
        assert not staff_may_read(db.session.get(StoredFile, new_photo), staff_member(reviewer))
        assert staff_may_read(db.session.get(StoredFile, old_photo), staff_member(reviewer))
    staff("rv650100", StaffRole.reviewer, "650100")
    console.login("rv650100")
    assert client.get(f"/console/files/{new_photo}").status_code == 404
    assert client.get(f"/console/files/{old_photo}").status_code == 200


def test_a_prefecture_changed_in_the_draft_leaves_the_submission_where_it_was_sent(app, build, reviewer, make_staff):
    from server.applications import drafts
    from server.review.queue import QueueFilter, review_queue
    application_id = _withdrawn(app, build)
    karamay = make_staff(StaffRole.reviewer, "650200")
    with app.app_context():
        owner = build.owner(application_id)
        saved = drafts.save_section(owner, "basic", {"prefecture_code": "650200", "name": "李四"})
        assert not saved.field_problems
        assert review.visible_application(application_id, staff_member(reviewer)).id == application_id
        with pytest.raises(NotFound):
            review.visible_application(application_id, staff_member(karamay))
        listed = review_queue(QueueFilter(state=None).scoped_to(staff_member(reviewer))).rows
        assert [(row.id, row.name, row.prefecture_code) for row in listed] == [(application_id, "张三", "650100")]
        assert review_queue(QueueFilter(state=None).scoped_to(staff_member(karamay))).rows == []
