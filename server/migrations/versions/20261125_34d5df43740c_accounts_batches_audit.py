"""accounts, batches, audit

Revision ID: 34d5df43740c
Revises: 
Create Date: 2026-11-25 19:13:57.491333

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '34d5df43740c'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('wechat_openid', sa.String(length=64), nullable=True),
    sa.Column('wechat_unionid', sa.String(length=64), nullable=True),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('password_changed_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', server.models_base.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('phone', name=op.f('uq_accounts_phone')),
    sa.UniqueConstraint('username', name=op.f('uq_accounts_username')),
    sa.UniqueConstraint('wechat_openid', name=op.f('uq_accounts_wechat_openid'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accounts_wechat_unionid'), ['wechat_unionid'], unique=False)

    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('actor_kind', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject_kind', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)

    op.create_table('batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('registration_opens_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('registration_closes_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('review_closes_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('payment_opens_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('payment_closes_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('fee_cents', sa.Integer(), nullable=False),
    sa.Column('payment_delay_days', sa.Integer(), nullable=False),
    sa.Column('min_practice_years', sa.Integer(), nullable=False),
    sa.Column('allowed_title_levels', sa.JSON(), nullable=False),
    sa.Column('max_age', sa.Integer(), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', server.models_base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches')),
    sa.UniqueConstraint('name', name=op.f('uq_batches_name'))
    )
    op.create_table('sms_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('purpose', sa.Enum('register', 'login', 'reset_password', 'change_phone', name='smspurpose', native_enum=False, length=20), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('wrong_attempts', sa.Integer(), nullable=False),
    sa.Column('consumed_at', server.models_base.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_codes'))
    )
    with op.batch_alter_table('sms_codes', schema=None) as batch_op:
        batch_op.create_index('ix_sms_codes_phone_purpose', ['phone', 'purpose'], unique=False)

    op.create_table('sms_throttles',
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('last_sent_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('day_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('phone', name=op.f('pk_sms_throttles'))
    )
    op.create_table('staff_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('reviewer', 'association', 'admin', name='staffrole', native_enum=False, length=20), nullable=False),
    sa.Column('prefecture_code', sa.String(length=6), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', server.models_base.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_members')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_members_username'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.String(length=43), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_api_tokens_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_account_id'), ['account_id'], unique=False)



def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_account_id'))

    op.drop_table('api_tokens')
    op.drop_table('staff_members')
    op.drop_table('sms_throttles')
    with op.batch_alter_table('sms_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_sms_codes_phone_purpose')

    op.drop_table('sms_codes')
    op.drop_table('batches')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))

    op.drop_table('audit_entries')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounts_wechat_unionid'))

    op.drop_table('accounts')
