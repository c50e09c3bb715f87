"""outbox: messages to people and their delivery attempts

Revision ID: 7c2d4e1f0a33
Revises: 5b1c0e7d9a21
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


revision = '7c2d4e1f0a33'
down_revision = '5b1c0e7d9a21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'sent', 'failed', name='messagestate', native_enum=False, length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('claimed_until', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('queued_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('sent_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('sent_channel', sa.String(length=20), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.CheckConstraint('(account_id IS NULL) <> (staff_id IS NULL)', name=op.f('ck_outbox_messages_one_recipient')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_outbox_messages_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], name=op.f('fk_outbox_messages_staff_id_staff_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_messages_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index('ix_outbox_messages_due', ['state', 'next_attempt_at'], unique=False)
    op.create_table('delivery_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name=op.f('fk_delivery_attempts_message_id_outbox_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_attempts'))
    )
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_attempts_message_id'), ['message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_attempts_message_id'))
    op.drop_table('delivery_attempts')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_staff_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_kind'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_account_id'))
    op.drop_table('outbox_messages')
