"""catalogue: spaces, workshops, sessions

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:22:00.679090
"""

from alembic import op
import sqlalchemy as sa
import models


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('spaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('district', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('member_since', sa.Date(), nullable=True),
    sa.Column('certificate_number', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spaces')),
    sa.UniqueConstraint('certificate_number', name=op.f('uq_spaces_certificate_number')),
    sa.UniqueConstraint('slug', name=op.f('uq_spaces_slug'))
    )
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spaces_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_spaces_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_spaces_status'), ['status'], unique=False)

    op.create_table('space_disciplines',
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_space_disciplines_space_id_spaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('space_id', 'discipline', name=op.f('pk_space_disciplines'))
    )
    with op.batch_alter_table('space_disciplines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_space_disciplines_discipline'), ['discipline'], unique=False)

    op.create_table('workshops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('discipline', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('what_to_bring', sa.Text(), nullable=False),
    sa.Column('what_to_bring_en', sa.Text(), nullable=False),
    sa.Column('pay_at_venue', sa.Boolean(), nullable=False),
    sa.Column('max_seats_per_booking', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_workshops_capacity_positive')),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_workshops_duration_positive')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_workshops_price_not_negative')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_workshops_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshops'))
    )
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshops_discipline'), ['discipline'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshops_space_id'), ['space_id'], unique=False)

    op.create_table('workshop_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('waitlist_length', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_workshop_sessions_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_workshop_sessions_ends_after_start')),
    sa.CheckConstraint('seats_taken >= 0 AND seats_taken <= capacity', name=op.f('ck_workshop_sessions_seats_within_capacity')),
    sa.CheckConstraint('waitlist_length >= 0', name=op.f('ck_workshop_sessions_waitlist_not_negative')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_sessions_workshop_id_workshops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_sessions'))
    )
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_workshop_sessions_listing', ['status', 'starts_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_sessions_workshop_id'), ['workshop_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_sessions_workshop_id'))
        batch_op.drop_index('ix_workshop_sessions_listing')

    op.drop_table('workshop_sessions')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshops_space_id'))
        batch_op.drop_index(batch_op.f('ix_workshops_discipline'))

    op.drop_table('workshops')
    with op.batch_alter_table('space_disciplines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_space_disciplines_discipline'))

    op.drop_table('space_disciplines')
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spaces_status'))
        batch_op.drop_index(batch_op.f('ix_spaces_kind'))
        batch_op.drop_index(batch_op.f('ix_spaces_district'))

    op.drop_table('spaces')
