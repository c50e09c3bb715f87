"""The dashboard: counts by state and prefecture of the current batch, an inline SVG chart, and the
applications still pending after the review deadline (association)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from server.accounts.models import StaffRole
from server.applications.models import ApplicationState as S
from server.batches.models import Batch
from server.clock import now
from server.extensions import db

URUMQI, KARAMAY = "650100", "650200"


@pytest.fixture(autouse=True)
def applications(build) -> list[int]:
    """Five applications of the current batch: three waiting, one approved, one rejected."""
    return build.many([{"name": "张三"}, {"name": "李四"}, {"name": "王五", "state": S.approved},
                       {"name": "赵六", "prefecture_code": KARAMAY},
                       {"name": "钱七", "prefecture_code": KARAMAY, "state": S.rejected}])


def test_association_staff_see_counts_by_state_and_prefecture_with_a_chart(client, batch, staff, console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    html = client.get("/console/dashboard").get_data(as_text=True)
    assert "<svg" in html and "<script" not in html.split("<svg")[1].split("</svg>")[0]
    assert re.search(r"<rect [^>]*fill=\"#e6a23c\"><title>乌鲁木齐市 待审核：2</title>", html)
    assert "克拉玛依市 已驳回：1" in html
    state_row = html[html.index("按状态"):html.index("按地州市")]
    assert ">5</strong>" in state_row  # total
    assert f"/console/review?batch={batch}&amp;state=pending_review\">3</a>" in state_row
    assert "和田地区" in html  # every prefecture is listed, even at 0
    assert "审核截止后仍待审核（0份）" in html


def test_a_reviewer_sees_their_own_prefecture_only(client, batch, staff, console):
    staff("rv_karamay", StaffRole.reviewer, KARAMAY)
    console.login("rv_karamay")
    html = client.get("/console/dashboard").get_data(as_text=True)
    assert "克拉玛依市" in html and "乌鲁木齐市" not in html
    assert "审核截止后仍待审核" not in html


def test_after_the_review_deadline_the_association_sees_what_is_still_pending(app, client, batch, staff,
                                                                              console, clock):
    with app.app_context():
        closes = db.session.get(Batch, batch).review_closes_at
    clock.shift((closes - now()) + timedelta(minutes=1))
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    html = client.get("/console/dashboard").get_data(as_text=True)
    overdue = html[html.index("审核截止后仍待审核"):]
    assert "审核截止后仍待审核（3份）" in overdue
    assert "张三" in overdue and "赵六" in overdue and "王五" not in overdue and "钱七" not in overdue


@pytest.mark.usefixtures("batch")
def test_the_dashboard_needs_a_console_login(client):
    response = client.get("/console/dashboard")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_a_batch_number_that_names_no_row_is_reported_and_the_current_batch_shown(client, batch, staff,
                                                                                    console):
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    response = client.get("/console/dashboard?batch=99999999999999999999")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "选聘批次不正确" in html and "克拉玛依市 已驳回：1" in html
