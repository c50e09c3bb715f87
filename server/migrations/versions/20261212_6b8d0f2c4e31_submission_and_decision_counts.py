"""applications.submission_count and decision_count: the next snapshot's sequence without
counting, and no review decisions asked for when there are none

Revision ID: 6b8d0f2c4e31
Revises: 5a7c9e1b3d20
Create Date: 2026-12-12 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '6b8d0f2c4e31'
down_revision = '5a7c9e1b3d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications') as batch_op:
        batch_op.add_column(sa.Column('submission_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('decision_count', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE applications SET "
               "submission_count = (SELECT count(*) FROM application_snapshots s WHERE s.application_id = applications.id), "
               "decision_count = (SELECT count(*) FROM review_decisions d WHERE d.application_id = applications.id)")


def downgrade():
    # Dropped in place: on SQLite a batch's copy-and-drop of the table would take its snapshots
    # and decisions with it (the drop cascades through their foreign keys).
    with op.batch_alter_table('applications', recreate='never') as batch_op:
        batch_op.drop_column('decision_count')
        batch_op.drop_column('submission_count')
