"""Bank transfer (VietQR): payees and their changes, bank notifications, a transfer's money
received so far, refunds owed into an account, the per-workshop switch

Revision ID: 0010
Revises: 0012
"""

from alembic import op
import sqlalchemy as sa

import models


revision = '0010'
down_revision = '0012'
branch_labels = None
depends_on = None

_METHODS_BEFORE = "payment_method IN ('free', 'card', 'at_venue')"
_METHODS_AFTER = "payment_method IN ('free', 'card', 'at_venue', 'bank_transfer')"


def upgrade() -> None:
    op.create_table(
        'payees',
        sa.Column('space_id', sa.Integer(), nullable=False),
        sa.Column('bank_bin', sa.String(length=6), nullable=False),
        sa.Column('account_number', sa.String(length=19), nullable=False),
        sa.Column('account_name', sa.String(length=100), nullable=False),
        sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payees_space_id_spaces'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_payees_updated_by_id_users')),
        sa.PrimaryKeyConstraint('space_id', name=op.f('pk_payees')),
    )
    op.create_table(
        'payee_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('space_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('changed_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('bank_bin', sa.String(length=6), nullable=False),
        sa.Column('account_number', sa.String(length=19), nullable=False),
        sa.Column('account_name', sa.String(length=100), nullable=False),
        sa.CheckConstraint("kind IN ('set', 'removed')", name=op.f('ck_payee_changes_kind_known')),
        sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_payee_changes_changed_by_id_users')),
        sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payee_changes_space_id_spaces'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payee_changes')),
    )
    op.create_index(op.f('ix_payee_changes_space_id'), 'payee_changes', ['space_id'], unique=False)
    op.create_table(
        'bank_notifications',
        sa.Column('space_id', sa.Integer(), nullable=False),
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('gateway', sa.String(length=100), nullable=False),
        sa.Column('transaction_date', sa.String(length=40), nullable=False),
        sa.Column('account_number', sa.String(length=40), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('transfer_type', sa.String(length=3), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('reference_code', sa.String(length=100), nullable=False),
        sa.Column('received_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=True),
        sa.Column('attached_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("outcome IN ('matched', 'unmatched', 'attached', 'outgoing')", name=op.f('ck_bank_notifications_outcome_known')),
        sa.ForeignKeyConstraint(['attached_by_id'], ['users.id'], name=op.f('fk_bank_notifications_attached_by_id_users')),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_bank_notifications_booking_id_bookings')),
        sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_bank_notifications_space_id_spaces'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('space_id', 'id', name=op.f('pk_bank_notifications')),
    )
    op.create_index(op.f('ix_bank_notifications_booking_id'), 'bank_notifications', ['booking_id'], unique=False)
    op.create_index('ix_bank_notifications_space_outcome', 'bank_notifications', ['space_id', 'outcome', 'received_at'], unique=False)
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notification_key_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_transfer', sa.Boolean(), server_default='1', nullable=False))
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received', sa.BigInteger(), server_default='0', nullable=False))
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('to_bank_bin', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('to_account_number', sa.String(length=19), nullable=True))
        batch_op.add_column(sa.Column('to_account_name', sa.String(length=100), nullable=True))
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_bookings_payment_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_bookings_payment_known'), _METHODS_AFTER)


def downgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_bookings_payment_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_bookings_payment_known'), _METHODS_BEFORE)
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_column('to_account_name')
        batch_op.drop_column('to_account_number')
        batch_op.drop_column('to_bank_bin')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_column('received')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('bank_transfer')
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.drop_column('notification_key_hash')
    op.drop_index('ix_bank_notifications_space_outcome', table_name='bank_notifications')
    op.drop_index(op.f('ix_bank_notifications_booking_id'), table_name='bank_notifications')
    op.drop_table('bank_notifications')
    op.drop_index(op.f('ix_payee_changes_space_id'), table_name='payee_changes')
    op.drop_table('payee_changes')
    op.drop_table('payees')
