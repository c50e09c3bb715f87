"""`make run`'s demo data: a few dozen applications in every state across the prefectures, made
through the real services, once; the demo batch moved to today on every start; PORT in the links."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from server import config as settings
from server.accounts.actors import Actor
from server.applications.models import Application, ApplicationState
from server.batches.models import Batch
from server.batches.services import BatchSettings, create_batch, phase
from server.dev.demo import SEED_WINDOWS, load_demo_data
from server.dev.demo_population import PLAN, demo_counts, seed_demo_applications
from server.exams.models import ExamResult
from server.extensions import db
from server.files.models import StoredFile
from server.review.models import ReviewDecision
from tests.documents.pdf_inspection import decode_qr
from tests.fixtures.forms import SHEET

S = ApplicationState


def test_seeding_twice_gives_every_state_once_across_the_prefectures(app_context, clock):
    load_demo_data()
    assert seed_demo_applications() == 36
    expected = dict(PLAN)
    assert dict(demo_counts()) == expected
    assert {S.draft, S.info_submitted, S.pending_review, S.rejected, S.approved, S.paid, S.admitted,
            S.failed} == set(expected)
    load_demo_data()
    assert seed_demo_applications() == 0 and dict(demo_counts()) == expected
    demo = select(Application).where(Application.state != S.draft, Application.name != "张三")
    applications = db.session.scalars(demo).all()
    assert len({a.review_prefecture_code for a in applications}) == 14
    assert all(a.photo_file_id and db.session.get(StoredFile, a.photo_file_id) for a in applications)
    rejected = db.session.scalars(select(ReviewDecision).where(ReviewDecision.decision == "rejected")).all()
    assert len(rejected) == expected[S.rejected] and all(r.reasons and r.field_marks for r in rejected)
    decided = [a for a in applications if a.state in (S.approved, S.paid, S.admitted, S.failed)]
    assert decided and all(a.expert_number for a in decided)
    assert db.session.scalar(select(func.count(ExamResult.id))) == expected[S.admitted] + expected[S.failed]


def test_every_start_moves_the_demo_batch_to_today_and_names_it_after_its_year(app_context, clock):
    old = create_batch(BatchSettings(name="2024年全区第二批", **SEED_WINDOWS), Actor.system())
    load_demo_data()
    batch = db.session.get(Batch, old.id)
    assert db.session.scalar(select(func.count(Batch.id))) == 1
    assert batch.name == "2026年全区第二批" and phase(batch) == "registration"
    assert batch.registration_closes_at - batch.registration_opens_at == (
        SEED_WINDOWS["registration_closes_at"] - SEED_WINDOWS["registration_opens_at"])
    clock.shift(timedelta(days=40).total_seconds())
    load_demo_data()
    assert phase(db.session.get(Batch, old.id)) == "registration"


def test_with_port_5100_the_sheets_qr_code_opens_port_5100(app, client, submitted, monkeypatch):
    monkeypatch.setenv("PORT", "5100")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    derived = settings.from_environment()["PUBLIC_BASE_URL"]
    assert derived == "http://127.0.0.1:5100"
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", derived)
    [url] = decode_qr(client.get(f"{SHEET}.pdf", headers=submitted).data)
    assert url.startswith("http://127.0.0.1:5100/verify/")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://experts.example.org")
    assert settings.from_environment()["PUBLIC_BASE_URL"] == "https://experts.example.org"
