"""Payment notices: each Stripe webhook event recorded once

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

import models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'payment_notices',
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('id', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=80), nullable=False),
        sa.Column('object_id', sa.String(length=255), nullable=False),
        sa.Column('received_at', models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('provider', 'id', name=op.f('pk_payment_notices')),
    )


def downgrade() -> None:
    op.drop_table('payment_notices')
