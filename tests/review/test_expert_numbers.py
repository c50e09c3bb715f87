"""Expert numbers (专家编号): B{batch:03d}-{prefecture}-{sequence:04d}, one sequence per batch and
prefecture, unique, never reused, no gaps — also when hundreds of approvals run at once."""
from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from server.accounts.models import StaffRole
from server.applications.models import Application
from server.extensions import db
from server.review import services as review
from server.review.models import ExpertNumberCounter
from server.review.numbers import format_expert_number, next_expert_number, next_sequence
from tests.fixtures.staff import staff_member

PREFECTURES = {"650100": 100, "650200": 60, "652300": 40}  # 乌鲁木齐市, 克拉玛依市, 昌吉回族自治州


def test_the_number_reads_batch_prefecture_and_sequence():
    assert format_expert_number(1, "650100", 1) == "B001-650100-0001"
    assert format_expert_number(12, "654300", 987) == "B012-654300-0987"


def test_each_prefecture_counts_on_its_own(app, build, make_staff, batch):
    urumqi, karamay = make_staff(StaffRole.reviewer, "650100"), make_staff(StaffRole.reviewer, "650200")
    first, second = build.pending(prefecture_code="650100"), build.pending(prefecture_code="650100")
    other = build.pending(prefecture_code="650200")
    with app.app_context():
        numbers = [review.approve(first, staff_member(urumqi), None).expert_number,
                   review.approve(other, staff_member(karamay), None).expert_number,
                   review.approve(second, staff_member(urumqi), None).expert_number]
    assert numbers == [f"B{batch:03d}-650100-0001", f"B{batch:03d}-650200-0001", f"B{batch:03d}-650100-0002"]


def test_a_rolled_back_approval_gives_its_number_back(app, build, reviewer, batch):
    application_id = build.pending()
    with app.app_context():
        assert next_sequence(batch, "650100") == 1  # taken inside a transaction that then fails…
        db.session.rollback()
        assert review.approve(application_id, staff_member(reviewer), None).expert_number == f"B{batch:03d}-650100-0001"
        assert db.session.execute(select(ExpertNumberCounter.last_sequence)).scalar_one() == 1


def test_a_number_is_never_given_again(app, batch):
    with app.app_context():
        given = [next_expert_number(batch, "650100") for _ in range(3)]
        db.session.commit()
        assert given == [f"B{batch:03d}-650100-{n:04d}" for n in (1, 2, 3)]
        assert next_expert_number(batch, "650100") == f"B{batch:03d}-650100-0004"
        db.session.rollback()


def test_two_hundred_approvals_in_parallel_give_two_hundred_numbers_without_gaps(app, build, make_staff, batch):
    reviewers = {code: make_staff(StaffRole.reviewer, code) for code in PREFECTURES}
    pending = build.many_pending(PREFECTURES)

    def approve(application_id: int, code: str) -> str:
        with app.app_context():
            try:
                return review.approve(application_id, staff_member(reviewers[code]), None).expert_number
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=12) as pool:
        numbers = list(pool.map(lambda pair: approve(*pair), pending))

    assert len(set(numbers)) == 200
    by_prefecture: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        prefix, code, sequence = number.split("-")
        assert prefix == f"B{batch:03d}"
        by_prefecture[code].append(int(sequence))
    assert {code: sorted(seqs) for code, seqs in by_prefecture.items()} == {
        code: list(range(1, count + 1)) for code, count in PREFECTURES.items()}
    with app.app_context():
        stored = db.session.execute(select(Application.id, Application.expert_number)).all()
        assert dict(stored) == {application_id: number for (application_id, _), number in zip(pending, numbers, strict=False)}
        counters = dict(db.session.execute(select(ExpertNumberCounter.prefecture_code,
                                                  ExpertNumberCounter.last_sequence)).all())
        assert counters == PREFECTURES
