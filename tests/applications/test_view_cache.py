"""The status read every applicant repeats: a few statements when nothing changed, and never a
stale answer after any kind of change."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
import redis

from server.accounts.actors import Actor
from server.applications.models import Application
from server.applications.models import ApplicationState as S
from server.applications.view_cache import ViewCache, ViewKey
from server.batches.models import Batch
from server.batches.services import settings_of, update_batch
from server.extensions import db
from tests.fixtures.ports import free_port
from tests.fixtures.statements import statements_sent

CURRENT = "/api/v1/applications/current"


def _statements(app, read: Callable[[], object]) -> list[str]:
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as sent:
        read()
    return sent


def _read(client, headers) -> dict:
    response = client.get(CURRENT, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _with_lists(client, headers, count: int) -> None:
    for serial in range(count):
        added = client.post(f"{CURRENT}/certificates", headers=headers,
                            json={"name": f"证书{serial}", "registration_number": f"新{serial:08d}"})
        assert added.status_code == 201, added.get_data(as_text=True)
        added = client.post(f"{CURRENT}/avoidance-units", headers=headers, json={"name": f"单位{serial}"})
        assert added.status_code == 201, added.get_data(as_text=True)


def test_a_repeated_read_costs_the_same_few_statements_however_long_the_lists(app, client, build):
    small, large = build.bearer(build.draft()), build.bearer(build.draft())
    _with_lists(client, large, 5)
    counts = []
    for headers in (small, large):
        _read(client, headers)  # the first read renders
        counts.append(len(_statements(app, lambda headers=headers: _read(client, headers))))
    assert counts[0] == counts[1] == 1  # the login, the current batch and the application's version


def test_a_submitted_application_read_repeatedly_costs_as_little(app, client, build):
    headers = build.bearer(build.approved())
    _read(client, headers)
    assert len(_statements(app, lambda: _read(client, headers))) == 1


def test_the_read_after_a_save_is_the_saves_answer_and_costs_one_statement(app, client, build):
    headers = build.bearer(build.draft())
    _read(client, headers)
    saved = client.put(f"{CURRENT}/basic", headers=headers, json={"school": "新疆大学"})
    assert saved.status_code == 200
    read: list[dict] = []
    assert len(_statements(app, lambda: read.append(_read(client, headers)))) == 1
    assert read == [saved.get_json()] and read[0]["basic"]["school"] == "新疆大学"


def test_a_save_that_refused_a_field_is_not_what_the_next_read_answers(client, build):
    headers = build.bearer(build.draft())
    saved = client.put(f"{CURRENT}/basic", headers=headers, json={"school": "新疆大学", "birth": "1990-13"})
    assert saved.status_code == 200 and "basic.birth" in saved.get_json()["field_problems"]
    assert _read(client, headers)["field_problems"] == {}


def _nothing(client, headers, build, application_id):
    pass


def _save_name(client, headers, build, application_id):
    assert client.put(f"{CURRENT}/basic", headers=headers, json={"name": "李四"}).status_code == 200


def _add_certificate(client, headers, build, application_id):
    _with_lists(client, headers, 1)


def _rename_certificate(client, headers, build, application_id):
    item = _read(client, headers)["certificates"][0]
    assert client.put(f"{CURRENT}/certificates/{item['id']}", headers=headers,
                      json={"name": "改过的证书"}).status_code == 200


def _remove_certificate(client, headers, build, application_id):
    item = _read(client, headers)["certificates"][0]
    assert client.delete(f"{CURRENT}/certificates/{item['id']}", headers=headers).status_code == 200


def _submit(client, headers, build, application_id):
    assert client.post(f"{CURRENT}/submit", headers=headers).status_code == 200


def _send_for_review(client, headers, build, application_id):
    build.send_for_review(application_id)


def _submit_and_send(client, headers, build, application_id):
    _submit(client, headers, build, application_id)
    _send_for_review(client, headers, build, application_id)


def _withdraw(client, headers, build, application_id):
    assert client.post(f"{CURRENT}/withdraw", headers=headers).status_code == 200


def _approve(client, headers, build, application_id):
    build.decide(application_id, S.approved)


def _reject(client, headers, build, application_id):
    build.decide(application_id, S.rejected, "照片不清晰")


def _batch(application_id: int) -> Batch:
    return db.session.get(Batch, db.session.get(Application, application_id).batch_id)


def _rename_batch(client, headers, build, application_id):
    with build.app.app_context():
        batch = _batch(application_id)
        settings = settings_of(batch)
        update_batch(batch.id, replace(settings, name=f"{settings.name}（延期）"), Actor.system())


def _registration_closes(client, headers, build, application_id):
    with build.app.app_context():
        closes = _batch(application_id).registration_closes_at
    build.clock.move_to(closes + timedelta(minutes=1))


def _state(view: dict) -> str:
    return view["state"]


# change → (what brings the draft to where the change starts, the change, what the applicant sees of it)
CHANGES: dict[str, tuple[Callable, Callable, Callable[[dict], object]]] = {
    "section save": (_nothing, _save_name, lambda view: view["basic"]["name"]),
    "certificate added": (_nothing, _add_certificate, lambda view: len(view["certificates"])),
    "certificate renamed": (_nothing, _rename_certificate, lambda view: view["certificates"][0]["name"]),
    "certificate removed": (_nothing, _remove_certificate, lambda view: len(view["certificates"])),
    "submit": (_nothing, _submit, _state),
    "signed sheet sent for review": (_submit, _send_for_review, _state),
    "withdraw": (_submit_and_send, _withdraw, _state),
    "approval": (_submit_and_send, _approve, lambda view: (view["state"], view["expert_number"])),
    "rejection": (_submit_and_send, _reject, lambda view: view["review"]["latest_rejection"]),
    "batch renamed": (_nothing, _rename_batch, lambda view: view["batch"]["name"]),
    "registration deadline passed": (_nothing, _registration_closes, lambda view: [
        (action["action"], action["allowed"]) for action in view["allowed_actions"]]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_is_seen_by_the_next_read(client, build, change):
    prepare, make_change, seen = CHANGES[change]
    application_id = build.draft()
    headers = build.bearer(application_id)
    prepare(client, headers, build, application_id)
    before = seen(_read(client, headers))
    assert seen(_read(client, headers)) == before  # now answered from the cache
    make_change(client, headers, build, application_id)
    headers = build.bearer(application_id)  # a new login, should time have moved past the old one's expiry
    assert seen(_read(client, headers)) != before


def _key(version: int) -> ViewKey:
    return ViewKey(application_id=1, version=version, viewer_id=7, viewer_phone="13800138000", batch_id=1,
                   batch_version=1, moments_passed=1)


def test_workers_sharing_redis_render_each_version_once(redis_url, redis_key_prefix):
    renders: list[int] = []

    def render(version: int) -> Callable[[], bytes]:
        return lambda: renders.append(version) or f"view {version}".encode()

    first, second = (ViewCache(shared=redis.Redis.from_url(redis_url), prefix=redis_key_prefix) for _ in range(2))
    assert first.get_or_render(_key(1), render(1)) == b"view 1"
    assert second.get_or_render(_key(1), render(1)) == b"view 1"  # the other worker's copy
    assert second.get_or_render(_key(2), render(2)) == b"view 2"  # a change: a new key
    assert first.get_or_render(_key(2), render(2)) == b"view 2"
    assert renders == [1, 2]


def test_without_redis_each_worker_renders_for_itself():
    dead = redis.Redis(host="127.0.0.1", port=free_port(), socket_timeout=0.2, socket_connect_timeout=0.2)
    views = ViewCache(shared=dead, prefix="nowhere")
    assert views.get_or_render(_key(1), lambda: b"view 1") == b"view 1"
    assert views.breaker.open  # Redis is left alone for a while
    assert views.get_or_render(_key(1), lambda: b"rendered again") == b"view 1"


def test_a_save_and_a_submit_cost_the_same_few_statements_however_long_the_lists(app, client, build):
    small, large = build.bearer(build.draft()), build.bearer(build.draft())
    for serial in range(5):  # avoidance units: certificates would need their proofs to be submitted
        added = client.post(f"{CURRENT}/avoidance-units", headers=large, json={"name": f"单位{serial}"})
        assert added.status_code == 201, added.get_data(as_text=True)
    costs, answers = [], []
    for headers in (small, large):
        save = _statements(app, lambda headers=headers: answers.append(
            client.put(f"{CURRENT}/basic", headers=headers, json={"school": "新疆大学"}).status_code))
        submit = _statements(app, lambda headers=headers: answers.append(
            client.post(f"{CURRENT}/submit", headers=headers).status_code))
        costs.append((len(save), len(submit)))
    assert answers == [200] * 4
    # save: the login with the batch, the application with its lists, the update naming the
    # version read, the answer's files and facts; submit: the same reads, the files with the ID
    # number submitted elsewhere, the update, the snapshot, the audit row
    assert costs == [(4, 6), (4, 6)]
