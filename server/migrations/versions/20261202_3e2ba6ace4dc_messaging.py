"""messaging: subscribe-message grants, official-account bindings and their QR scenes

Revision ID: 3e2ba6ace4dc
Revises: 9e4b2c7d1f05
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


revision = '3e2ba6ace4dc'
down_revision = '9e4b2c7d1f05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('official_account_binding_scenes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scene_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('used_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_official_account_binding_scenes_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_official_account_binding_scenes')),
    sa.UniqueConstraint('scene_hash', name=op.f('uq_official_account_binding_scenes_scene_hash'))
    )
    with op.batch_alter_table('official_account_binding_scenes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_official_account_binding_scenes_account_id'), ['account_id'], unique=False)

    op.create_table('official_account_bindings',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('bound_by', sa.String(length=10), nullable=False),
    sa.Column('bound_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_official_account_bindings_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_official_account_bindings')),
    sa.UniqueConstraint('openid', name=op.f('uq_official_account_bindings_openid'))
    )
    op.create_table('subscribe_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('last_answer', sa.String(length=10), nullable=False),
    sa.Column('answered_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('spent_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_subscribe_grants_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscribe_grants')),
    sa.UniqueConstraint('account_id', 'template_id', name=op.f('uq_subscribe_grants_account_id_template_id'))
    )
    with op.batch_alter_table('subscribe_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscribe_grants_account_id'), ['account_id'], unique=False)



def downgrade():
    with op.batch_alter_table('subscribe_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscribe_grants_account_id'))

    op.drop_table('subscribe_grants')
    op.drop_table('official_account_bindings')
    with op.batch_alter_table('official_account_binding_scenes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_official_account_binding_scenes_account_id'))

    op.drop_table('official_account_binding_scenes')
