"""Who checked a booking in at the door; how people reach a space (phone, email, chat link)

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_in_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_bookings_checked_in_by_id_users'), 'users', ['checked_in_by_id'], ['id']
        )
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('phone', sa.String(length=40), server_default='', nullable=False)
        )
        batch_op.add_column(
            sa.Column('email', sa.String(length=254), server_default='', nullable=False)
        )
        batch_op.add_column(
            sa.Column('messenger_url', sa.String(length=300), server_default='', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.drop_column('messenger_url')
        batch_op.drop_column('email')
        batch_op.drop_column('phone')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_bookings_checked_in_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('checked_in_by_id')
