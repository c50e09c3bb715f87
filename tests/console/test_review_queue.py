"""The review queue: a reviewer's own prefecture only, filters, pagination, Excel export."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from server.accounts.actors import Scope
from server.accounts.models import StaffRole
from server.applications.models import ApplicationState as S
from server.audit.models import AuditEntry
from server.clock import BEIJING
from server.extensions import db
from server.reference import services as reference
from server.review.queue import QueueFilter, review_queue
from tests.fixtures.journey import id_number

URUMQI, KARAMAY = "650100", "650200"


def numbered(n: int) -> str:
    """申报人AB…: a name the form accepts (no digits), in the order of `n`."""
    return "申报人" + chr(ord("A") + n // 26) + chr(ord("A") + n % 26)


def at(minute: int, day: int = 20) -> datetime:
    """2026-11-<day> 12:<minute> Beijing time."""
    return datetime(2026, 11, day, 12, minute, tzinfo=BEIJING)


@pytest.fixture
def log_in_as_reviewer(staff, console):
    """Logs in Urumqi's reviewer (after the applications are made: `at=` moves the clock)."""
    staff("rv_urumqi", StaffRole.reviewer, URUMQI)
    return lambda: console.login("rv_urumqi")


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/console/review/\d+">([^<]+)</a>', html)


def test_a_reviewer_sees_pending_applications_of_their_prefecture_oldest_first(client, build, log_in_as_reviewer):
    build.many([{"name": "张三", "at": at(1)}, {"name": "王五", "at": at(3)},
                {"name": "克市李四", "prefecture_code": KARAMAY, "at": at(2)},
                {"name": "已通过", "state": S.approved, "at": at(4)}])
    log_in_as_reviewer()
    html = client.get("/console/review").get_data(as_text=True)
    assert names(html) == ["张三", "王五"]
    assert id_number(1)[:6] + "********" + id_number(1)[-4:] in html
    assert id_number(1) not in html
    assert "A04 设计" in html and "A0401 建筑工程" in html and "乌鲁木齐市" in html
    assert "2026-11-20 12:01" in html  # Beijing time
    # asking for another prefecture changes nothing for a reviewer
    assert names(client.get(f"/console/review?prefecture={KARAMAY}").get_data(as_text=True)) == ["张三", "王五"]
    every = client.get("/console/review?state=all").get_data(as_text=True)
    assert names(every) == ["张三", "王五", "已通过"] and "B001-650100-0001" in every


def test_association_staff_see_every_prefecture_and_filter_by_one(client, build, staff, console):
    build.many([{"name": "张三", "at": at(1)}, {"name": "李四", "prefecture_code": KARAMAY, "at": at(2)}])
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    assert names(client.get("/console/review").get_data(as_text=True)) == ["张三", "李四"]
    assert names(client.get(f"/console/review?prefecture={KARAMAY}").get_data(as_text=True)) == ["李四"]


def test_filters_by_name_last4_specialty_state_and_date(client, build, log_in_as_reviewer):
    build.many([
        {"name": "张建国", "primary": ["A04", "A0401", "A040101"],
         "at": datetime(2026, 11, 20, 15, 59, tzinfo=UTC)},  # 11-20 23:59 Beijing
        {"name": "李建军", "primary": ["A02", "A0201", "A020101"], "alternate": ["A04", "A0402", "A040201"],
         "at": datetime(2026, 11, 20, 16, 1, tzinfo=UTC)},  # 11-21 00:01 Beijing
        {"name": "王芳", "primary": ["A03", "A0301", "A030101"], "state": S.rejected, "at": at(5, day=21)}])
    log_in_as_reviewer()
    get = lambda query: names(client.get(f"/console/review?{query}").get_data(as_text=True))  # noqa: E731
    assert get("name=建") == ["张建国", "李建军"]
    assert get(f"id_last4={id_number(2)[-4:]}") == ["李建军"]
    assert get("specialty=A0401") == ["张建国"]
    assert get("specialty=a04") == ["张建国", "李建军"]  # primary or alternate pick
    assert get("specialty=A02") == ["李建军"]
    assert get("from=2026-11-21") == ["李建军"]
    assert get("to=2026-11-20") == ["张建国"]
    assert get("state=rejected") == ["王芳"]
    assert get("name=%25") == []  # a LIKE wildcard is a plain character
    bad = client.get("/console/review?id_last4=12&from=2026-13-01&specialty=B9").get_data(as_text=True)
    assert "身份证号后4位应为4个字符" in bad and "日期格式应为" in bad and "评标专业请填写专业代码" in bad
    assert names(bad) == ["张建国", "李建军"]  # malformed filters are reported and left out


def test_the_queue_pages_by_20_with_links_and_a_total(client, build, log_in_as_reviewer):
    build.many([{"name": numbered(serial), "at": at(serial)} for serial in range(1, 46)])
    log_in_as_reviewer()
    first = client.get("/console/review?name=申报人").get_data(as_text=True)
    assert len(names(first)) == 20 and names(first)[0] == numbered(1)
    assert 'id="total">45<' in first and "第 1–20 份，共 45 份" in first
    assert 'href="?state=pending_review&amp;batch=1&amp;name=%E7%94%B3%E6%8A%A5%E4%BA%BA&amp;page=3"' in first \
        or "page=3" in first
    third = client.get("/console/review?name=申报人&page=3").get_data(as_text=True)
    assert names(third) == [numbered(n) for n in range(41, 46)]
    assert names(client.get("/console/review?name=申报人&page=99").get_data(as_text=True))[0] == numbered(41)


def test_one_page_takes_three_queries_however_many_applications(app, build, batch):
    """Never one query per row: the count, the page and the catalog (timings: `make bench`)."""
    prefectures = [URUMQI, KARAMAY, "650400", "652300"]
    build.many([{"name": numbered(serial), "prefecture_code": prefectures[serial % 4],
                 "state": S.pending_review if serial % 3 else S.approved} for serial in range(1, 201)])
    with app.app_context():
        reference.catalog()  # the first use loads the catalog table
        query = QueueFilter(batch_id=batch, prefecture_code=URUMQI, name="申报人", page=2, scope=Scope(None))
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        page = review_queue(query)
        event.remove(db.engine, "before_cursor_execute", listener)
        expected = sum(1 for n in range(1, 201) if n % 4 == 0 and n % 3)
        assert page.total == expected and len(page.rows) == expected - 20
        selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        assert len(selects) <= 3, selects


def test_export_reads_back_with_chinese_headers_masked_ids_and_beijing_times(app, client, build, log_in_as_reviewer):
    build.many([{"name": "张三", "at": at(21)}, {"name": "李四", "state": S.approved, "at": at(22)},
                {"name": "外地", "prefecture_code": KARAMAY, "at": at(23)}])
    log_in_as_reviewer()
    response = client.get("/console/review/export.xlsx?state=all")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="review_') and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("UTF-8''")[1]).startswith("资格审核名单_")
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "申请编号", "姓名", "身份证号码", "所在市州")
    assert [row[2] for row in rows[1:]] == ["张三", "李四"]
    assert rows[1][3] == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert rows[1][10] == "2026-11-20 12:21" and rows[1][11] == "待审核"
    assert rows[2][11] == "审核通过" and rows[2][12] == "B001-650100-0001"
    assert all(id_number(1) not in str(cell) for row in rows for cell in row)
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "application.exported")).scalar_one()
        assert entry.actor_kind == "staff" and entry.detail["count"] == 2


def test_export_applies_the_same_filters(client, build, log_in_as_reviewer):
    build.many([{"name": "张三"}, {"name": "李四"}])
    log_in_as_reviewer()
    sheet = load_workbook(BytesIO(client.get("/console/review/export.xlsx?name=李").data)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["李四"]


def test_without_a_console_session_the_queue_redirects_to_login(client):
    for path in ("/console/review", "/console/review/export.xlsx", "/console/review/1", "/console/files/1"):
        response = client.get(path)
        assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_bulk_approve_without_its_csrf_token_is_refused(client, batch, log_in_as_reviewer):
    log_in_as_reviewer()
    response = client.post("/console/review/bulk-approve", data={"application_id": "1"})
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)


@pytest.mark.parametrize("query, field_message", [
    ("from=0001-01-01", "提交审核开始日期应在 2000-01-01 到 2100-12-31 之间"),
    ("to=9999-12-31", "提交审核结束日期应在 2000-01-01 到 2100-12-31 之间"),
    ("batch=99999999999999999999", "选聘批次不正确"),
])
def test_out_of_range_dates_and_batches_are_reported_and_left_out(client, build, log_in_as_reviewer, query, field_message):
    build.pending(name="张三")
    log_in_as_reviewer()
    response = client.get(f"/console/review?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<div class="field-error">{field_message}' in html
    assert names(html) == ["张三"]  # the bad filter is left out
    export = client.get(f"/console/review/export.xlsx?{query}")
    assert export.status_code == 200
    assert [row[2] for row in load_workbook(BytesIO(export.data)).active.iter_rows(min_row=2, values_only=True)
            ] == ["张三"]


def test_export_writes_formula_like_text_as_text(client, build, log_in_as_reviewer):
    build.many([{"title": "=1+2"}, {"title": "@SUM(A1)"}, {"title": "-高级工程师"}])
    log_in_as_reviewer()
    sheet = load_workbook(BytesIO(client.get("/console/review/export.xlsx").data)).active
    cells = [row[5] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["=1+2", "@SUM(A1)", "-高级工程师"]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
