"""payments: orders, payments, refunds, invoice requests, receipts, issued invoices, reconciliation

Revision ID: 414d2f1fce1e
Revises: 3e2ba6ace4dc
Create Date: 2026-12-10 12:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.models_base  # noqa: F401  (UTCDateTime columns)


revision = '414d2f1fce1e'
down_revision = '3e2ba6ace4dc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reconciliation_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('ran_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('bill_rows', sa.Integer(), nullable=False),
    sa.Column('agreed', sa.Integer(), nullable=False),
    sa.Column('differences', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconciliation_runs')),
    sa.UniqueConstraint('day', 'provider', name=op.f('uq_reconciliation_runs_day_provider'))
    )
    op.create_table('invoice_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('title_kind', sa.Enum('personal', 'unit', name='titlekind', native_enum=False, length=10), nullable=False),
    sa.Column('unit_kind', sa.Enum('enterprise', 'institution', 'government', name='unitkind', native_enum=False, length=12), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('taxpayer_number', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_confirmed_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_invoice_requests_application_id_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_requests')),
    sa.UniqueConstraint('application_id', name=op.f('uq_invoice_requests_application_id'))
    )
    op.create_table('payment_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('out_trade_no', sa.String(length=32), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('open_application_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('expert_number', sa.String(length=24), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('mch_id', sa.String(length=32), nullable=True),
    sa.Column('app_id', sa.String(length=32), nullable=True),
    sa.Column('channel', sa.Enum('jsapi', 'native', 'offline', name='channel', native_enum=False, length=10), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=127), nullable=False),
    sa.Column('payer_openid', sa.String(length=64), nullable=True),
    sa.Column('code_url', sa.String(length=255), nullable=True),
    sa.Column('state', sa.Enum('created', 'pending', 'paid', 'closed', 'failed', name='orderstate', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('closed_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('close_reason', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_payment_orders_account_id_accounts')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_payment_orders_application_id_applications')),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_payment_orders_batch_id_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_orders')),
    sa.UniqueConstraint('open_application_id', name=op.f('uq_payment_orders_open_application_id')),
    sa.UniqueConstraint('out_trade_no', name=op.f('uq_payment_orders_out_trade_no'))
    )
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_orders_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_orders_state'), ['state'], unique=False)

    op.create_table('issued_invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=3), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('buyer_name', sa.String(length=100), nullable=False),
    sa.Column('buyer_taxpayer_number', sa.String(length=20), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('unassigned', 'issued', 'voided', 'red_letter', name='invoicestate', native_enum=False, length=20), nullable=False),
    sa.Column('invoice_request_id', sa.Integer(), nullable=True),
    sa.Column('matched_by', sa.String(length=20), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('voided_by_invoice_id', sa.Integer(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=True),
    sa.Column('uploaded_by_staff_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('assigned_at', server.models_base.UTCDateTime(), nullable=True),
    sa.Column('voided_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['invoice_request_id'], ['invoice_requests.id'], name=op.f('fk_issued_invoices_invoice_request_id_invoice_requests')),
    sa.ForeignKeyConstraint(['uploaded_by_staff_id'], ['staff_members.id'], name=op.f('fk_issued_invoices_uploaded_by_staff_id_staff_members')),
    sa.ForeignKeyConstraint(['voided_by_invoice_id'], ['issued_invoices.id'], name=op.f('fk_issued_invoices_voided_by_invoice_id_issued_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_invoices')),
    sa.UniqueConstraint('number', name=op.f('uq_issued_invoices_number'))
    )
    with op.batch_alter_table('issued_invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_invoices_invoice_request_id'), ['invoice_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_invoices_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_invoices_uploaded_at'), ['uploaded_at'], unique=False)

    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('method', sa.Enum('wechat', 'bank_transfer', 'cash', name='paymentmethod', native_enum=False, length=20), nullable=False),
    sa.Column('transaction_id', sa.String(length=64), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('paid_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('state', sa.Enum('received', 'partially_refunded', 'refunded', name='paymentstate', native_enum=False, length=20), nullable=False),
    sa.Column('duplicate', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('recorded_by_staff_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_payments_application_id_applications')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_orders.id'], name=op.f('fk_payments_order_id_payment_orders')),
    sa.ForeignKeyConstraint(['recorded_by_staff_id'], ['staff_members.id'], name=op.f('fk_payments_recorded_by_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('order_id', name=op.f('uq_payments_order_id')),
    sa.UniqueConstraint('provider', 'transaction_id', name=op.f('uq_payments_provider_transaction_id'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_duplicate'), ['duplicate'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_paid_at'), ['paid_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_provider'), ['provider'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_state'), ['state'], unique=False)

    op.create_table('payment_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('issued_at', server.models_base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_receipts_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_receipts')),
    sa.UniqueConstraint('number', name=op.f('uq_payment_receipts_number')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_payment_receipts_payment_id'))
    )
    op.create_table('payment_refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('out_refund_no', sa.String(length=64), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('completes_payment', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=80), nullable=False),
    sa.Column('state', sa.Enum('requested', 'processing', 'succeeded', 'failed', name='refundstate', native_enum=False, length=20), nullable=False),
    sa.Column('provider_refund_id', sa.String(length=64), nullable=True),
    sa.Column('failure', sa.String(length=200), nullable=True),
    sa.Column('requested_by_staff_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', server.models_base.UTCDateTime(), nullable=False),
    sa.Column('finished_at', server.models_base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_refunds_payment_id_payments')),
    sa.ForeignKeyConstraint(['requested_by_staff_id'], ['staff_members.id'], name=op.f('fk_payment_refunds_requested_by_staff_id_staff_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_refunds')),
    sa.UniqueConstraint('out_refund_no', name=op.f('uq_payment_refunds_out_refund_no'))
    )
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_refunds_payment_id'), ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_refunds_requested_at'), ['requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_refunds_state'), ['state'], unique=False)



def downgrade():
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_refunds_state'))
        batch_op.drop_index(batch_op.f('ix_payment_refunds_requested_at'))
        batch_op.drop_index(batch_op.f('ix_payment_refunds_payment_id'))

    op.drop_table('payment_refunds')
    op.drop_table('payment_receipts')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_state'))
        batch_op.drop_index(batch_op.f('ix_payments_provider'))
        batch_op.drop_index(batch_op.f('ix_payments_paid_at'))
        batch_op.drop_index(batch_op.f('ix_payments_duplicate'))
        batch_op.drop_index(batch_op.f('ix_payments_application_id'))

    op.drop_table('payments')
    with op.batch_alter_table('issued_invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_invoices_uploaded_at'))
        batch_op.drop_index(batch_op.f('ix_issued_invoices_state'))
        batch_op.drop_index(batch_op.f('ix_issued_invoices_invoice_request_id'))

    op.drop_table('issued_invoices')
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_orders_state'))
        batch_op.drop_index(batch_op.f('ix_payment_orders_expires_at'))
        batch_op.drop_index(batch_op.f('ix_payment_orders_created_at'))
        batch_op.drop_index(batch_op.f('ix_payment_orders_batch_id'))
        batch_op.drop_index(batch_op.f('ix_payment_orders_application_id'))
        batch_op.drop_index(batch_op.f('ix_payment_orders_account_id'))

    op.drop_table('payment_orders')
    op.drop_table('invoice_requests')
    op.drop_table('reconciliation_runs')
