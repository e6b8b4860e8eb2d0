"""attendance: no-shows and walk-in bookings

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 19:30:00
"""

from alembic import op
import sqlalchemy as sa
import models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('no_show_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column('walk_in', sa.Boolean(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('walk_in')
        batch_op.drop_column('no_show_at')
