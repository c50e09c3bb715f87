"""`make bench`: median latencies of the requests people wait on, on a fresh SQLite database
(or BENCH_DATABASE_URL), in process through the WSGI stack.

Run it on an idle machine; the figures are for comparing changes, not promises.
"""
from __future__ import annotations

import base64
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable

from flask_migrate import upgrade

from server import create_app
from server.accounts.models import Account, StaffRole
from server.accounts.passwords import hash_password
from server.accounts.staff import create_staff
from server.accounts.tokens import issue_token
from server.audit.services import Actor
from server.extensions import db

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
QUEUE_SIZE = int(os.environ.get("BENCH_QUEUE_SIZE", "2000"))


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm: fonts, caches, first queries
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _ok(response):
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
    return response


def _app(workdir: str):
    return create_app({
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ID_NUMBER_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.db",
        "FILES_DIR": f"{workdir}/files", "RATELIMIT_ENABLED": False,
    })


def _applicant(app) -> dict[str, str]:
    with app.app_context():
        account = Account(username="bench_user", phone="13800138000", password_hash=hash_password("Bench2024pw"))
        db.session.add(account)
        db.session.flush()
        token = issue_token(account).token
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def applicant_requests(app, client, results: dict[str, float]) -> None:
    from tests.applications.test_submit import CURRENT, fill_complete, valid_id

    headers = _applicant(app)
    fill_complete(client, headers, id_number=valid_id())
    results["GET application (draft)"] = median_ms(lambda: _ok(client.get(CURRENT, headers=headers)))
    results["PATCH basic section"] = median_ms(lambda: _ok(client.patch(
        f"{CURRENT}/basic", headers=headers, json={"school": "新疆大学", "major": "土木工程"})))
    results["GET completeness check"] = median_ms(lambda: _ok(client.get(f"{CURRENT}/problems", headers=headers)))
    results["POST specialty check (picker tap)"] = median_ms(lambda: _ok(client.post(
        f"{CURRENT}/specialties/check", headers=headers, json={"primary": ["A04", "A0401", "A040101"]})))
    results["GET commitment letter PDF"] = median_ms(lambda: _ok(client.get(
        f"{CURRENT}/commitment-letter.pdf", headers=headers)))
    results["POST password login (argon2)"] = median_ms(lambda: _ok(client.post(
        "/api/v1/sessions/password", json={"login": "bench_user", "password": "Bench2024pw"})), runs=10)
    _ok(client.post(f"{CURRENT}/submit", headers=headers))
    results["GET review sheet JSON"] = median_ms(lambda: _ok(client.get(f"{CURRENT}/review-sheet", headers=headers)))
    results["GET review sheet PDF"] = median_ms(lambda: _ok(client.get(f"{CURRENT}/review-sheet.pdf", headers=headers)))


def queue_requests(app, batch_id: int, results: dict[str, float]) -> None:
    from tests.console.conftest import csrf_token
    from tests.console.review_factory import make_application

    with app.app_context():
        for serial in range(1, QUEUE_SIZE + 1):
            make_application(batch_id, name=f"申报人{serial}", serial=serial + 100,
                             prefecture=("650100", "650200", "650400", "652300")[serial % 4], commit=False)
        create_staff("rv_bench", "乌鲁木齐市住建局", "Bench2024pw", StaffRole.reviewer, "650100", Actor.system())
    client = app.test_client()
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    login = client.post("/console/login", data={"csrf_token": token, "username": "rv_bench", "password": "Bench2024pw"})
    assert login.status_code == 302, login.get_data(as_text=True)[:300]
    results[f"console queue page ({QUEUE_SIZE} applications)"] = median_ms(
        lambda: _ok(client.get("/console/review?name=申报人&page=7")))
    results["console dashboard"] = median_ms(lambda: _ok(client.get("/console/dashboard")))


def main() -> None:
    from server.batches.services import BatchSettings, create_batch
    from server.dev.demo import DEMO_BATCH_NAME, seed_windows_shifted_to_today

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as workdir:
        app = _app(workdir)
        with app.app_context():
            upgrade()
            batch_id = create_batch(BatchSettings(name=DEMO_BATCH_NAME, **seed_windows_shifted_to_today()),
                                    Actor.system()).id
        applicant_requests(app, app.test_client(), results)
        queue_requests(app, batch_id, results)
        with app.app_context():
            dialect = db.engine.dialect.name
    print(f"\nmedian of {RUNS} runs, {dialect}, in process:")
    for name, value in results.items():
        print(f"  {name:<45} {value:8.1f} ms")


if __name__ == "__main__":
    main()
