"""/console/batches/<id>/specialties: admins and association staff close catalog nodes for a batch."""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.models import StaffRole
from server.audit.models import AuditEntry
from server.extensions import db
from server.reference import services
from tests.reference.catalog_files import find


def page_of(batch_id: int) -> str:
    return f"/console/batches/{batch_id}/specialties"


def test_the_batches_list_links_to_each_batchs_specialty_page(client, staff, console, make_batch):
    batch_id = make_batch()
    staff()
    console.login()
    assert f'href="{page_of(batch_id)}"' in client.get("/console/batches").get_data(as_text=True)


def test_the_page_shows_the_catalog_tree_with_a_checkbox_per_node(client, staff, console, make_batch):
    batch_id = make_batch()
    staff()
    console.login()
    response = client.get(page_of(batch_id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "评标专业开放设置：2026年全区第二批" in html and "灰色，不可选择" in html
    assert html.count('type="checkbox" name="closed"') == 1084
    assert 'value="A04">' in html and "A04 设计" in html and 'value="A040101">' in html


def test_an_admin_closes_nodes_and_the_applicants_see_them_grey(app, client, staff, console, make_batch):
    batch_id = make_batch()
    staff()
    console.login()
    saved = console.post_form(page_of(batch_id), {"closed": ["A04", "A0201"]})
    assert saved.status_code == 302 and saved.headers["Location"] == page_of(batch_id)
    html = client.get(page_of(batch_id)).get_data(as_text=True)
    assert "评标专业开放设置已保存：新关闭2项" in html
    assert 'value="A04" checked>' in html and 'value="A0201" checked>' in html and 'value="A03">' in html
    assert "随上级关闭" in html
    tree = client.get("/api/v1/reference/specialties").json["tree"]
    assert find(tree, "A040101")["closed"] and find(tree, "A020101")["closed"] and not find(tree, "A03")["closed"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "batch.specialties_closed")).one()
        assert entry.actor_kind == "staff" and entry.detail == {"closed": ["A04", "A0201"], "opened": []}


def test_unticking_reopens_a_node(app, staff, console, make_batch):
    batch_id = make_batch()
    staff("xiehui", StaffRole.association)
    console.login("xiehui")
    console.post_form(page_of(batch_id), {"closed": ["A04", "A0201"]})
    console.post_form(page_of(batch_id), {"closed": ["A0201"]})
    with app.app_context():
        assert services.closed_codes(batch_id) == {"A0201"}


def test_reviewers_are_refused(app, client, staff, console, make_batch):
    batch_id = make_batch()
    staff("rv_kashi", StaffRole.reviewer, "653100")
    console.login("rv_kashi")
    assert client.get(page_of(batch_id)).status_code == 403
    token_page = client.get("/console/").get_data(as_text=True)
    from tests.fixtures.staff import csrf_token

    posted = client.post(page_of(batch_id), data={"csrf_token": csrf_token(token_page), "closed": ["A04"]})
    assert posted.status_code == 403 and "您没有权限访问此页面" in posted.get_data(as_text=True)
    with app.app_context():
        assert services.closed_codes(batch_id) == frozenset()


def test_a_form_without_its_csrf_token_is_refused(app, client, staff, console, make_batch):
    batch_id = make_batch()
    staff()
    console.login()
    response = client.post(page_of(batch_id), data={"closed": ["A04"]})
    assert response.status_code == 400 and "页面已过期或来源无效" in response.get_data(as_text=True)
    with app.app_context():
        assert services.closed_codes(batch_id) == frozenset()


def test_an_unknown_code_is_shown_and_nothing_is_saved(app, staff, console, make_batch):
    batch_id = make_batch()
    staff()
    console.login()
    response = console.post_form(page_of(batch_id), {"closed": ["A04", "A9999"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "以下专业编码不在评标专业目录中：A9999" in html
    assert 'value="A04" checked>' in html
    with app.app_context():
        assert services.closed_codes(batch_id) == frozenset()


def test_an_unknown_batch_is_not_found(client, staff, console):
    staff()
    console.login()
    response = client.get(page_of(999))
    assert response.status_code == 404 and "批次不存在" in response.get_data(as_text=True)


def test_logged_out_visitors_are_sent_to_the_login_page(client, make_batch):
    response = client.get(page_of(make_batch()))
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]
