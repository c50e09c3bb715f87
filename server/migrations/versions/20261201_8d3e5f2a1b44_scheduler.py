"""scheduler: job runs, the leader row, APScheduler's job store, staff emails for the digest

Revision ID: 8d3e5f2a1b44
Revises: 7c2d4e1f0a33
Create Date: 2026-12-01 14:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


revision = '8d3e5f2a1b44'
down_revision = '7c2d4e1f0a33'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=60), nullable=True))
    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=40), nullable=False),
    sa.Column('started_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('finished_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('runner', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_runs_job'), ['job'], unique=False)
    op.create_table('scheduler_leader',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=80), nullable=False),
    sa.Column('since', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('heartbeat_at', server.models_base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduler_leader'))
    )
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apscheduler_jobs'))
    )
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apscheduler_jobs_next_run_time'), ['next_run_time'], unique=False)


def downgrade():
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apscheduler_jobs_next_run_time'))
    op.drop_table('apscheduler_jobs')
    op.drop_table('scheduler_leader')
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_runs_job'))
    op.drop_table('job_runs')
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.drop_column('email')
