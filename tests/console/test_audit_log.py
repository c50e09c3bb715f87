"""The audit log page (admin only): Chinese action labels, filters, pagination."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from server.accounts.models import StaffRole
from server.audit.models import AuditEntry
from server.extensions import db


def add_entries(app, *entries: tuple) -> None:
    with app.app_context():
        for actor_kind, actor_id, action, subject_kind, subject_id, at in entries:
            db.session.add(AuditEntry(actor_kind=actor_kind, actor_id=actor_id, action=action,
                                      subject_kind=subject_kind, subject_id=str(subject_id), detail={"k": "值"},
                                      at=at))
        db.session.commit()


def rows(html: str) -> int:
    return html.count("<tr>") - 1  # minus the header row


def test_the_audit_log_is_for_admins_only(client, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    assert client.get("/console/audit").status_code == 403


def test_the_log_shows_chinese_labels_and_filters(app, client, staff, console):
    admin = staff()
    reviewer = staff("rv_urumqi", StaffRole.reviewer, "650100")
    day1 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)   # 11-20 10:00 Beijing
    day2 = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)  # 11-21 01:00 Beijing
    add_entries(app,
                ("staff", reviewer, "application.viewed", "application", 7, day1),
                ("staff", reviewer, "file.viewed", "stored_file", 3, day2),
                ("staff", admin, "application.viewed", "application", 8, day2),
                ("applicant", 5, "application.pending_review", "application", 7, day1))
    console.login()
    page = client.get("/console/audit").get_data(as_text=True)
    assert "查看申请" in page and "查看文件" in page and "提交审核" in page and "工作人员 rv_urumqi" in page
    assert "2026-11-21 01:00:00" in page
    by_actor = client.get("/console/audit?actor=rv_urumqi").get_data(as_text=True)
    assert 'id="total">2<' in by_actor
    by_subject = client.get("/console/audit?subject=7").get_data(as_text=True)
    assert 'id="total">2<' in by_subject and "申报人 #5" in by_subject
    by_action = client.get("/console/audit?action=application.viewed&actor=admin").get_data(as_text=True)
    assert 'id="total">1<' in by_action
    by_day = client.get("/console/audit?from=2026-11-21&to=2026-11-21&subject=").get_data(as_text=True)
    assert 'id="total">2<' in by_day  # Beijing days: both 11-21 01:00 rows
    unknown = client.get("/console/audit?actor=nobody&subject=abc").get_data(as_text=True)
    assert "没有这个用户名的工作人员" in unknown and "申请编号应为数字" in unknown and 'id="total">0<' in unknown


def test_the_log_pages_by_50(app, client, staff, console):
    admin = staff()
    moment = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    add_entries(app, *[("staff", admin, "application.viewed", "application", n, moment) for n in range(120)])
    console.login()
    first = client.get("/console/audit?action=application.viewed").get_data(as_text=True)
    assert 'id="total">120<' in first and "第 1 / 3 页" in first and "page=2" in first
    third = client.get("/console/audit?action=application.viewed&page=3").get_data(as_text=True)
    assert rows(third) == 20


def test_out_of_range_dates_are_reported_and_left_out(app, client, staff, console):
    admin = staff()
    add_entries(app, ("staff", admin, "application.viewed", "application", 7,
                      datetime(2026, 11, 20, 2, 0, tzinfo=UTC)))
    console.login()
    total = re.search(r'id="total">(\d+)<', client.get("/console/audit").get_data(as_text=True)).group(0)
    for query in ("from=0001-01-01", "to=9999-12-31"):
        response = client.get(f"/console/audit?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert '<div class="field-error">日期应在 2000-01-01 到 2100-12-31 之间</div>' in html, query
        assert total in html, query  # the bad date is left out
