"""Reading an applicant's files in the console: the reviewer of the prefecture the submission was
sent to reads them directly; an admin only after giving a reason, which the audit log keeps; the
association never (404, like a missing file)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application
from server.audit.models import AuditEntry
from server.extensions import db
from tests.fixtures.staff import csrf_token


@pytest.fixture
def photo(app, build) -> int:
    application_id = build.pending(prefecture_code="650100")
    with app.app_context():
        return db.session.get(Application, application_id).photo_file_id


def _audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_the_prefectures_reviewer_reads_the_photo_at_once(client, staff, console, photo):
    staff("rv650100", StaffRole.reviewer, "650100")
    console.login("rv650100")
    response = client.get(f"/console/files/{photo}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"


@pytest.mark.parametrize("who", [("assoc", StaffRole.association, None), ("rv650200", StaffRole.reviewer, "650200")])
def test_association_staff_and_other_reviewers_find_no_file(client, staff, console, photo, who):
    staff(*who)
    console.login(who[0])
    for method in (client.get, client.post):
        response = method(f"/console/files/{photo}")
        assert response.status_code in (404, 400) and response.mimetype != "image/jpeg"
    assert client.get(f"/console/files/{photo}").status_code == 404


def test_an_admin_is_asked_for_a_reason_and_the_reading_is_audited(app, client, staff, console, photo):
    staff()
    console.login()
    form = client.get(f"/console/files/{photo}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and form.mimetype == "text/html" and "查看理由" in html
    token = csrf_token(html)
    short = client.post(f"/console/files/{photo}", data={"csrf_token": token, "reason": " 核对 "})
    assert short.status_code == 422 and "请填写查看理由（4至200个字）" in short.get_data(as_text=True)
    assert _audit(app, "file.read_with_reason") == []
    served = client.post(f"/console/files/{photo}", data={"csrf_token": token, "reason": "申报人投诉照片被替换，核查"})
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    [entry] = _audit(app, "file.read_with_reason")
    assert entry.actor_kind == "staff" and entry.subject_id == str(photo)
    assert entry.detail["reason"] == "申报人投诉照片被替换，核查" and entry.detail["file_id"] == photo


def test_the_review_page_links_an_admin_to_the_reason_form_instead_of_showing_files(app, client, staff, console,
                                                                                     build):
    application_id = build.pending(prefecture_code="650100")
    staff()
    console.login()
    html = client.get(f"/console/review/{application_id}").get_data(as_text=True)
    assert "说明理由后查看" in html and "<img" not in html
