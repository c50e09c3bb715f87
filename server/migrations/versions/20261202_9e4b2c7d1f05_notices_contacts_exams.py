"""notices (with attachments and recipients), consultation contacts and hotlines, exam results and admission letters

Revision ID: 9e4b2c7d1f05
Revises: 8d3e5f2a1b44
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)

revision = '9e4b2c7d1f05'
down_revision = '8d3e5f2a1b44'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefecture_code', sa.String(length=6), nullable=False),
    sa.Column('office', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('hours', sa.String(length=60), nullable=False),
    sa.Column('updated_at', server.models_base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_contacts'))
    )
    with op.batch_alter_table('consultation_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_contacts_prefecture_code'), ['prefecture_code'], unique=False)

    op.create_table('hotlines',
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('hours', sa.String(length=60), nullable=False),
    sa.Column('updated_at', server.models_base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_hotlines'))
    )
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('audience_states', sa.JSON(), nullable=False),
    sa.Column('audience_prefectures', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'scheduled', 'published', 'withdrawn', name='noticestate', native_enum=False, length=10), nullable=False),
    sa.Column('publish_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('published_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('withdrawn_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_notices_batch_id_batches')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_members.id'], name=op.f('fk_notices_created_by_staff_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_notices_due', ['state', 'publish_at'], unique=False)

    op.create_table('notice_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_attachments_notice_id_notices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_attachments'))
    )
    with op.batch_alter_table('notice_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_attachments_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_attachments_sha256'), ['sha256'], unique=False)

    op.create_table('notice_recipients',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('read_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_notice_recipients_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_recipients_notice_id_notices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notice_id', 'account_id', name=op.f('pk_notice_recipients'))
    )
    with op.batch_alter_table('notice_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_recipients_account_id'), ['account_id'], unique=False)

    op.create_table('admission_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_admission_letters_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admission_letters')),
    sa.UniqueConstraint('application_id', name=op.f('uq_admission_letters_application_id'))
    )
    with op.batch_alter_table('admission_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admission_letters_sha256'), ['sha256'], unique=False)

    op.create_table('exam_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('score', sa.String(length=6), nullable=True),
    sa.Column('recorded_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_exam_results_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_members.id'], name=op.f('fk_exam_results_recorded_by_staff_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_results')),
    sa.UniqueConstraint('application_id', name=op.f('uq_exam_results_application_id'))
    )


def downgrade():
    op.drop_table('exam_results')
    with op.batch_alter_table('admission_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admission_letters_sha256'))

    op.drop_table('admission_letters')
    with op.batch_alter_table('notice_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_recipients_account_id'))

    op.drop_table('notice_recipients')
    with op.batch_alter_table('notice_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_notice_attachments_notice_id'))

    op.drop_table('notice_attachments')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_due')
        batch_op.drop_index(batch_op.f('ix_notices_batch_id'))

    op.drop_table('notices')
    op.drop_table('hotlines')
    with op.batch_alter_table('consultation_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_contacts_prefecture_code'))

    op.drop_table('consultation_contacts')
