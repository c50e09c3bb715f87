"""applications, files, reference

Revision ID: 41ee7fb842e0
Revises: 34d5df43740c
Create Date: 2026-11-25 19:26:12.381735

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


# revision identifiers, used by Alembic.
revision = '41ee7fb842e0'
down_revision = '34d5df43740c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('specialty_nodes',
    sa.Column('edition', sa.String(length=4), nullable=False),
    sa.Column('code', sa.String(length=7), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('parent_code', sa.String(length=7), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('edition', 'code', name=op.f('pk_specialty_nodes'))
    )
    op.create_table('closed_specialties',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_closed_specialties_batch_id_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('batch_id', 'code', name=op.f('pk_closed_specialties'))
    )
    op.create_table('stored_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('photo', 'id_card_front', 'id_card_back', 'title_certificate', 'education_proof', 'certificate_proof', 'commitment_letter', 'signed_review_sheet', name='filekind', native_enum=False, length=30), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('claimed_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_account_id'], ['accounts.id'], name=op.f('fk_stored_files_owner_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files'))
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_files_owner_account_id'), ['owner_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_files_sha256'), ['sha256'], unique=False)

    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'info_submitted', 'pending_review', 'rejected', 'approved', 'paid', 'admitted', 'failed', name='applicationstate', native_enum=False, length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('name', sa.String(length=30), nullable=True),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('id_number_encrypted', sa.Text(), nullable=True),
    sa.Column('id_number_hash', sa.String(length=64), nullable=True),
    sa.Column('id_number_last4', sa.String(length=4), nullable=True),
    sa.Column('birth', sa.String(length=7), nullable=True),
    sa.Column('political_affiliation', sa.String(length=2), nullable=True),
    sa.Column('prefecture_code', sa.String(length=6), nullable=True),
    sa.Column('title', sa.String(length=30), nullable=True),
    sa.Column('title_level', sa.String(length=10), nullable=True),
    sa.Column('education', sa.String(length=10), nullable=True),
    sa.Column('degree', sa.String(length=10), nullable=True),
    sa.Column('school', sa.String(length=50), nullable=True),
    sa.Column('major', sa.String(length=50), nullable=True),
    sa.Column('photo_file_id', sa.Integer(), nullable=True),
    sa.Column('id_card_front_file_id', sa.Integer(), nullable=True),
    sa.Column('id_card_back_file_id', sa.Integer(), nullable=True),
    sa.Column('title_certificate_file_id', sa.Integer(), nullable=True),
    sa.Column('education_proof_file_id', sa.Integer(), nullable=True),
    sa.Column('profession_level1', sa.String(length=3), nullable=True),
    sa.Column('profession_level2', sa.String(length=5), nullable=True),
    sa.Column('years_of_practice', sa.Integer(), nullable=True),
    sa.Column('work_unit', sa.String(length=50), nullable=True),
    sa.Column('unit_credit_code', sa.String(length=18), nullable=True),
    sa.Column('unit_credit_code_confirmed', sa.Boolean(), nullable=False),
    sa.Column('unit_office_phone', sa.String(length=15), nullable=True),
    sa.Column('accepts_remote_evaluation', sa.Boolean(), nullable=True),
    sa.Column('willing_emergency_expert', sa.Boolean(), nullable=True),
    sa.Column('email', sa.String(length=30), nullable=True),
    sa.Column('backup_mobile', sa.String(length=11), nullable=True),
    sa.Column('primary_specialties', sa.JSON(), nullable=False),
    sa.Column('alternate_specialties', sa.JSON(), nullable=False),
    sa.Column('work_experience', sa.Text(), nullable=True),
    sa.Column('evaluation_experience', sa.Text(), nullable=True),
    sa.Column('commitment_letter_file_id', sa.Integer(), nullable=True),
    sa.Column('submitted_id_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_applications_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_applications_batch_id_batches')),
    sa.ForeignKeyConstraint(['commitment_letter_file_id'], ['stored_files.id'], name=op.f('fk_applications_commitment_letter_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['education_proof_file_id'], ['stored_files.id'], name=op.f('fk_applications_education_proof_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id_card_back_file_id'], ['stored_files.id'], name=op.f('fk_applications_id_card_back_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['id_card_front_file_id'], ['stored_files.id'], name=op.f('fk_applications_id_card_front_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['photo_file_id'], ['stored_files.id'], name=op.f('fk_applications_photo_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['title_certificate_file_id'], ['stored_files.id'], name=op.f('fk_applications_title_certificate_file_id_stored_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('account_id', 'batch_id', name=op.f('uq_applications_account_id_batch_id')),
    sa.UniqueConstraint('batch_id', 'submitted_id_hash', name=op.f('uq_applications_batch_id_submitted_id_hash'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_id_number_hash'), ['id_number_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_id_number_last4'), ['id_number_last4'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_prefecture_code'), ['prefecture_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_state'), ['state'], unique=False)

    op.create_table('application_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('taken_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_snapshots_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_snapshots')),
    sa.UniqueConstraint('application_id', 'sequence', name=op.f('uq_application_snapshots_application_id_sequence'))
    )
    with op.batch_alter_table('application_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_snapshots_application_id'), ['application_id'], unique=False)

    op.create_table('avoidance_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('credit_code_confirmed', sa.Boolean(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_avoidance_units_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avoidance_units'))
    )
    with op.batch_alter_table('avoidance_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_avoidance_units_application_id'), ['application_id'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=True),
    sa.Column('registration_number', sa.String(length=50), nullable=True),
    sa.Column('proof_file_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_certificates_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proof_file_id'], ['stored_files.id'], name=op.f('fk_certificates_proof_file_id_stored_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_application_id'), ['application_id'], unique=False)

    op.create_table('desktop_upload_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=40), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('used_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_desktop_upload_codes_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_desktop_upload_codes_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_desktop_upload_codes_file_id_stored_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desktop_upload_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_desktop_upload_codes_code_hash'))
    )
    with op.batch_alter_table('desktop_upload_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desktop_upload_codes_account_id'), ['account_id'], unique=False)



def downgrade():
    with op.batch_alter_table('desktop_upload_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desktop_upload_codes_account_id'))

    op.drop_table('desktop_upload_codes')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_application_id'))

    op.drop_table('certificates')
    with op.batch_alter_table('avoidance_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_avoidance_units_application_id'))

    op.drop_table('avoidance_units')
    with op.batch_alter_table('application_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_snapshots_application_id'))

    op.drop_table('application_snapshots')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_state'))
        batch_op.drop_index(batch_op.f('ix_applications_prefecture_code'))
        batch_op.drop_index(batch_op.f('ix_applications_id_number_last4'))
        batch_op.drop_index(batch_op.f('ix_applications_id_number_hash'))
        batch_op.drop_index(batch_op.f('ix_applications_batch_id'))
        batch_op.drop_index(batch_op.f('ix_applications_account_id'))

    op.drop_table('applications')
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_sha256'))
        batch_op.drop_index(batch_op.f('ix_stored_files_owner_account_id'))
        batch_op.drop_index(batch_op.f('ix_stored_files_created_at'))

    op.drop_table('stored_files')
    op.drop_table('closed_specialties')
    op.drop_table('specialty_nodes')
