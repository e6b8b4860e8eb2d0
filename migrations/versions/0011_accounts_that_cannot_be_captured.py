"""Team roles are invitations that only the holder of the address accepts; walk-ins under
an address are guest entries its holder confirms; money columns are 64-bit; a hold is extended once at most

Revision ID: 0011
Revises: 0013
"""

from alembic import op
import sqlalchemy as sa

from models.base import UTCDateTime


revision = '0011'
down_revision = '0013'
branch_labels = None
depends_on = None


#: Money columns: 64-bit, since a price times the seats passes PostgreSQL's 32-bit integer.
_MONEY = (
    ('workshops', 'price'),
    ('bookings', 'amount'),
    ('payments', 'amount'),
    ('refunds', 'amount'),
)


def upgrade() -> None:
    op.create_table(
        'team_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('space_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.Column('closed_at', UTCDateTime(), nullable=True),
        sa.Column('accepted_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("role IN ('owner', 'staff')", name=op.f('ck_team_invitations_role_known')),
        sa.ForeignKeyConstraint(
            ['space_id'], ['spaces.id'], name=op.f('fk_team_invitations_space_id_spaces'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['invited_by_id'], ['users.id'], name=op.f('fk_team_invitations_invited_by_id_users'),
            ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['accepted_by_id'], ['users.id'],
            name=op.f('fk_team_invitations_accepted_by_id_users'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_team_invitations')),
    )
    with op.batch_alter_table('team_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_invitations_space_id'), ['space_id'], unique=False)
    for table, column in _MONEY:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, type_=sa.BigInteger(), existing_type=sa.Integer())
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extended_at', UTCDateTime(), nullable=True))
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_email', sa.String(length=254), nullable=True))
        batch_op.create_index(batch_op.f('ix_bookings_claim_email'), ['claim_email'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookings_claim_email'))
        batch_op.drop_column('claim_email')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_column('extended_at')
    for table, column in _MONEY:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, type_=sa.Integer(), existing_type=sa.BigInteger())
    op.drop_table('team_invitations')
