"""Alembic's one chain builds exactly the models' schema, on SQLite and on PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from server.applications.models import Application
from server.extensions import db


def test_migrations_from_empty_match_the_models(app):
    # The session's database was built by `flask db upgrade` from empty (see conftest).
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_the_counts_added_to_applications_start_from_what_each_already_has(app, build):
    drafted, pending, rejected = build.draft(), build.pending(), build.rejected()
    with app.app_context():
        downgrade(revision="5a7c9e1b3d20")  # before the counts; then their migration counts
        upgrade()
        counted = {row.id: (row.submission_count, row.decision_count)
                   for row in db.session.scalars(select(Application))}
        db.session.rollback()
    assert counted == {drafted: (0, 0), pending: (1, 0), rejected: (1, 1)}
