"""Expert numbers (专家编号): `B{batch:03d}-{prefecture}-{sequence:04d}`, e.g. B001-650100-0001.

One counter row per batch and prefecture, moved by a single upsert (INSERT … ON CONFLICT DO UPDATE
… RETURNING) inside the approval's transaction. The upsert locks the counter row until that
transaction ends, so parallel approvals queue on it and each gets the next sequence; if the
approval rolls back, so does the increment, and no number is burnt. Numbers only grow, so a number
is never given twice, even if its application is later deleted.
"""
from __future__ import annotations

from server.database import dialect_insert
from server.extensions import db
from server.review.models import ExpertNumberCounter


def format_expert_number(batch_id: int, prefecture_code: str, sequence: int) -> str:
    return f"B{batch_id:03d}-{prefecture_code}-{sequence:04d}"


def next_sequence(batch_id: int, prefecture_code: str) -> int:
    """The next sequence of this batch and prefecture, in the caller's transaction."""
    insert = dialect_insert(db.session.get_bind())
    counter = ExpertNumberCounter.__table__
    statement = (insert(counter)
                 .values(batch_id=batch_id, prefecture_code=prefecture_code, last_sequence=1)
                 .on_conflict_do_update(index_elements=[counter.c.batch_id, counter.c.prefecture_code],
                                        set_={"last_sequence": counter.c.last_sequence + 1})
                 .returning(counter.c.last_sequence))
    return db.session.execute(statement).scalar_one()


def next_expert_number(batch_id: int, prefecture_code: str) -> str:
    return format_expert_number(batch_id, prefecture_code, next_sequence(batch_id, prefecture_code))
