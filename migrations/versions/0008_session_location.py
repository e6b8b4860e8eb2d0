"""A session's own place (another room or venue than its space's address)

Revision ID: 0008
Revises: 0007
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('location', sa.String(length=300), server_default='', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.drop_column('location')
