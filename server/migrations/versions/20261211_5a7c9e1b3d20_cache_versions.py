"""cache versions and kept documents: batches.version, catalog_editions (the generation of each
edition's rows), kept_review_sheets

Revision ID: 5a7c9e1b3d20
Revises: 414d2f1fce1e
Create Date: 2026-12-11 12:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base


revision = '5a7c9e1b3d20'
down_revision = '414d2f1fce1e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('batches') as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    op.create_table(
        'catalog_editions',
        sa.Column('edition', sa.String(length=4), nullable=False),
        sa.Column('generation', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('edition', name=op.f('pk_catalog_editions')),
    )
    op.execute("INSERT INTO catalog_editions (edition, generation) "
               "SELECT DISTINCT edition, 'migrated' FROM specialty_nodes")
    op.create_table(
        'kept_review_sheets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('verify_url', sa.String(length=300), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['snapshot_id'], ['application_snapshots.id'],
                                name=op.f('fk_kept_review_sheets_snapshot_id_application_snapshots'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_review_sheets')),
        sa.UniqueConstraint('snapshot_id', 'verify_url', name=op.f('uq_kept_review_sheets_snapshot_id_verify_url')),
    )
    with op.batch_alter_table('kept_review_sheets') as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_review_sheets_sha256'), ['sha256'], unique=False)


def downgrade():
    op.drop_table('kept_review_sheets')
    op.drop_table('catalog_editions')
    with op.batch_alter_table('batches') as batch_op:
        batch_op.drop_column('version')
