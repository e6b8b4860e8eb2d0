"""Calendar UIDs carry the deployment's public host; the sessions that exist keep the UID
calendars already know them by

Revision ID: 0012
Revises: 0011
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_uid', sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE workshop_sessions "
        "SET calendar_uid = 'session-' || CAST(id AS VARCHAR(20)) || '@hanoi-creative-spaces'"
    )


def downgrade() -> None:
    with op.batch_alter_table('workshop_sessions', schema=None) as batch_op:
        batch_op.drop_column('calendar_uid')
