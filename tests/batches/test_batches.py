"""Batches: their settings' rules, the current batch, its phase, and the demo batch."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from server.accounts.actors import Actor
from server.batches.services import BatchSettings, create_batch, current_batch, phase, update_batch
from server.clock import BEIJING
from server.dev.demo import demo_batch_name, load_demo_data, seed_windows_shifted_to_today
from server.errors import Conflict, InvalidInput


def seed_batch(**changes) -> BatchSettings:
    settings = BatchSettings(
        name="2024年全区第二批",
        registration_opens_at=datetime(2024, 11, 15, 10, 30, tzinfo=BEIJING),
        registration_closes_at=datetime(2024, 12, 2, 18, 30, tzinfo=BEIJING),
        review_closes_at=datetime(2024, 12, 3, 18, 30, tzinfo=BEIJING),
        payment_opens_at=datetime(2024, 11, 20, 10, 30, tzinfo=BEIJING),
        payment_closes_at=datetime(2024, 12, 4, 18, 30, tzinfo=BEIJING))
    return replace(settings, **changes)


def test_the_seed_batch_is_valid_with_the_seed_defaults():
    settings = seed_batch()
    assert settings.problems() == {}
    assert (settings.fee_yuan, settings.payment_delay_days, settings.min_practice_years,
            settings.allowed_title_levels, settings.max_age) == (350, 5, 8, ("正高级", "副高级"), 70)


@pytest.mark.parametrize(("changes", "field"), [
    ({"registration_closes_at": datetime(2024, 11, 1, tzinfo=BEIJING)}, "registration_closes_at"),
    ({"review_closes_at": datetime(2024, 12, 1, tzinfo=BEIJING)}, "review_closes_at"),
    ({"payment_closes_at": datetime(2024, 12, 3, 12, 0, tzinfo=BEIJING)}, "payment_closes_at"),
    ({"fee_yuan": 0}, "fee_yuan"),
    ({"allowed_title_levels": ()}, "allowed_title_levels"),
    ({"allowed_title_levels": ("特级",)}, "allowed_title_levels"),
    ({"max_age": 7}, "max_age"),
    ({"name": " "}, "name"),
])
def test_inconsistent_settings_are_refused_by_field(app_context, changes, field):
    with pytest.raises(InvalidInput) as refused:
        create_batch(seed_batch(**changes), Actor.system())
    assert field in refused.value.fields
    assert current_batch() is None


def test_the_phase_follows_the_beijing_deadlines(app_context):
    batch = create_batch(seed_batch(), Actor.system())
    assert phase(batch, datetime(2024, 11, 15, 10, 29, tzinfo=BEIJING)) == "not_open"
    assert phase(batch, datetime(2024, 12, 2, 18, 29, tzinfo=BEIJING)) == "registration"
    assert phase(batch, datetime(2024, 12, 2, 18, 30, tzinfo=BEIJING)) == "review"
    assert phase(batch, datetime(2024, 12, 4, 0, 0, tzinfo=BEIJING)) == "payment"
    assert phase(batch, datetime(2024, 12, 4, 18, 30, tzinfo=BEIJING)) == "closed"


def test_names_are_unique_and_staff_can_extend_a_deadline(app_context):
    batch = create_batch(seed_batch(), Actor.system())
    with pytest.raises(Conflict):
        create_batch(seed_batch(), Actor.system())
    later = datetime(2024, 12, 5, 18, 30, tzinfo=BEIJING)
    update_batch(batch.id, seed_batch(review_closes_at=later, payment_closes_at=later), Actor.system())
    assert batch.review_closes_at == later


def test_the_demo_batch_is_the_seed_batch_open_for_registration_today(app_context, clock):
    windows = seed_windows_shifted_to_today()
    assert windows["registration_opens_at"].astimezone(BEIJING).strftime("%m-%d %H:%M") == "11-15 10:30"
    load_demo_data()
    batch = current_batch()
    assert batch.name == demo_batch_name() and phase(batch) == "registration"
    assert batch.registration_closes_at - batch.registration_opens_at == (
        datetime(2024, 12, 2, 18, 30) - datetime(2024, 11, 15, 10, 30))
    load_demo_data()  # loading again changes nothing but the passwords


def test_the_current_batch_api_answers_in_beijing_time(client, app, clock):
    assert client.get("/api/v1/batches/current").json["message"] == "当前没有开放的选聘批次"
    with app.app_context():
        load_demo_data()
    body = client.get("/api/v1/batches/current").json
    assert body["name"] == demo_batch_name() and body["fee_yuan"] == 350
    assert body["registration_opens_at"] == "2026-11-15T10:30:00+08:00"
    assert (body["phase"], body["phase_label"]) == ("registration", "网上报名进行中")
