"""lifecycle: the state's timestamp, the approval time, the prefecture of the submission

Revision ID: 5b1c0e7d9a21
Revises: 2241476114b6
Create Date: 2026-12-01 10:30:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


revision = '5b1c0e7d9a21'
down_revision = '2241476114b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_prefecture_code', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('approved_at', server.models_base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('state_changed_at', server.models_base.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_review_prefecture_code'), ['review_prefecture_code'],
                              unique=False)
    # Existing rows: the state's time is the last update; a submission's prefecture is its snapshot's
    # (the draft's own value is the best there is for rows submitted before snapshots carried it);
    # the approval time is the approving decision's.
    op.execute("UPDATE applications SET state_changed_at = updated_at")
    op.execute("UPDATE applications SET review_prefecture_code = prefecture_code WHERE submitted_at IS NOT NULL")
    op.execute("""UPDATE applications SET approved_at = (
        SELECT MAX(d.decided_at) FROM review_decisions d
        WHERE d.application_id = applications.id AND d.decision = 'approved')
        WHERE state IN ('approved', 'paid', 'admitted', 'failed')""")
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.alter_column('state_changed_at', existing_type=server.models_base.UTCDateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_review_prefecture_code'))
        batch_op.drop_column('state_changed_at')
        batch_op.drop_column('approved_at')
        batch_op.drop_column('review_prefecture_code')
