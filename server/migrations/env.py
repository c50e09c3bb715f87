"""Alembic environment: runs inside the Flask app (`flask db upgrade`), on SQLite or PostgreSQL."""
from __future__ import annotations

from alembic import context
from flask import current_app

config = context.config
target_db = current_app.extensions["migrate"].db


def run_migrations_online() -> None:
    def skip_empty_autogenerate(context, revision, directives) -> None:
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []

    with target_db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            compare_type=True,
            # SQLite cannot ALTER most things; batch mode rebuilds tables the same on both.
            render_as_batch=True,
            process_revision_directives=skip_empty_autogenerate,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run `flask db upgrade` against a database")
run_migrations_online()
