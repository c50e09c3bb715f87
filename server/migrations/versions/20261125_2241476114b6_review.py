"""review

Revision ID: 2241476114b6
Revises: 41ee7fb842e0
Create Date: 2026-11-25 19:46:24.045702

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '2241476114b6'
down_revision = '41ee7fb842e0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('expert_number_counters',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('prefecture_code', sa.String(length=6), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_expert_number_counters_batch_id_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('batch_id', 'prefecture_code', name=op.f('pk_expert_number_counters'))
    )
    op.create_table('review_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=True),
    sa.Column('field_marks', sa.JSON(), nullable=False),
    sa.Column('signed_sheet_file_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_review_decisions_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['staff_members.id'], name=op.f('fk_review_decisions_reviewer_id_staff_members')),
    sa.ForeignKeyConstraint(['signed_sheet_file_id'], ['stored_files.id'], name=op.f('fk_review_decisions_signed_sheet_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['application_snapshots.id'], name=op.f('fk_review_decisions_snapshot_id_application_snapshots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decisions')),
    sa.UniqueConstraint('snapshot_id', name=op.f('uq_review_decisions_snapshot_id'))
    )
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decisions_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_sheet_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_submitted_at', server.models_base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('expert_number', sa.String(length=24), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_applications_expert_number'), ['expert_number'])
        batch_op.create_foreign_key(batch_op.f('fk_applications_signed_sheet_file_id_stored_files'), 'stored_files', ['signed_sheet_file_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_signed_sheet_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_applications_expert_number'), type_='unique')
        batch_op.drop_column('expert_number')
        batch_op.drop_column('review_submitted_at')
        batch_op.drop_column('signed_sheet_file_id')

    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decisions_application_id'))

    op.drop_table('review_decisions')
    op.drop_table('expert_number_counters')
