"""bookings, payments, refunds, outbox; workshop booking rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 15:40:57.236638
"""

from alembic import op
import sqlalchemy as sa
import models


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_events'))
    )
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_events_name'), ['name'], unique=False)
        batch_op.create_index('ix_outbox_events_undelivered', ['next_attempt_at'], unique=False, postgresql_where=sa.text('delivered_at IS NULL'), sqlite_where=sa.text('delivered_at IS NULL'))

    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('payment_method', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('ticket_code', sa.String(length=16), nullable=False),
    sa.Column('hold_expires_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('offer_expires_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('queued_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.String(length=20), nullable=True),
    sa.Column('checked_in_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("payment_method IN ('free', 'card', 'at_venue')", name=op.f('ck_bookings_payment_known')),
    sa.CheckConstraint("status IN ('pending_payment', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'expired')", name=op.f('ck_bookings_status_known')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_bookings_amount_not_negative')),
    sa.CheckConstraint('seats > 0', name=op.f('ck_bookings_seats_positive')),
    sa.ForeignKeyConstraint(['session_id'], ['workshop_sessions.id'], name=op.f('fk_bookings_session_id_workshop_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_bookings_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('ticket_code', name=op.f('uq_bookings_ticket_code'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_hold_expires_at'), ['hold_expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_offer_expires_at'), ['offer_expires_at'], unique=False)
        batch_op.create_index('ix_bookings_session_status', ['session_id', 'status', 'queued_at', 'id'], unique=False)
        batch_op.create_index('ix_bookings_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('uq_bookings_one_active_per_person', ['session_id', 'user_id'], unique=True, postgresql_where=sa.text("status IN ('pending_payment', 'confirmed', 'waitlisted', 'offered')"), sqlite_where=sa.text("status IN ('pending_payment', 'confirmed', 'waitlisted', 'offered')"))

    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('provider_id', sa.String(length=255), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('charge_id', sa.String(length=255), nullable=True),
    sa.Column('expires_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('paid_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'paid', 'expired', 'cancelled')", name=op.f('ck_payments_status_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payments_amount_positive')),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_payments_booking_id_bookings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('provider_id', name=op.f('uq_payments_provider_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_payments_reference'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_booking_id'), ['booking_id'], unique=False)

    op.create_table('refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('provider_id', sa.String(length=255), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('settled_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failure', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name=op.f('ck_refunds_status_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_refunds_amount_positive')),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_refunds_booking_id_bookings')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_refunds_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds')),
    sa.UniqueConstraint('provider_id', name=op.f('uq_refunds_provider_id'))
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refunds_payment_id'), ['payment_id'], unique=False)

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('booking_cutoff_minutes', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('cancellation_deadline_hours', sa.Integer(), server_default='24', nullable=False))
        batch_op.create_check_constraint('seats_per_booking_positive', 'max_seats_per_booking > 0')
        batch_op.create_check_constraint('cutoff_in_range', 'booking_cutoff_minutes BETWEEN 0 AND 10080')
        batch_op.create_check_constraint('deadline_not_negative', 'cancellation_deadline_hours >= 0')



def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint('deadline_not_negative', type_='check')
        batch_op.drop_constraint('cutoff_in_range', type_='check')
        batch_op.drop_constraint('seats_per_booking_positive', type_='check')
        batch_op.drop_column('cancellation_deadline_hours')
        batch_op.drop_column('booking_cutoff_minutes')

    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refunds_payment_id'))
        batch_op.drop_index(batch_op.f('ix_refunds_booking_id'))

    op.drop_table('refunds')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_booking_id'))

    op.drop_table('payments')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_bookings_one_active_per_person', postgresql_where=sa.text("status IN ('pending_payment', 'confirmed', 'waitlisted', 'offered')"), sqlite_where=sa.text("status IN ('pending_payment', 'confirmed', 'waitlisted', 'offered')"))
        batch_op.drop_index('ix_bookings_user_created')
        batch_op.drop_index('ix_bookings_session_status')
        batch_op.drop_index(batch_op.f('ix_bookings_offer_expires_at'))
        batch_op.drop_index(batch_op.f('ix_bookings_hold_expires_at'))

    op.drop_table('bookings')
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_events_undelivered', postgresql_where=sa.text('delivered_at IS NULL'), sqlite_where=sa.text('delivered_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_outbox_events_name'))

    op.drop_table('outbox_events')
