"""payOS: a space's credentials (encrypted), payOS's QR of a transfer requested through it, and
the payee history's two payOS kinds

Revision ID: 0016
Revises: 0015
"""

from alembic import op
import sqlalchemy as sa

from models.base import UTCDateTime


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_KINDS_BEFORE = "kind IN ('set', 'removed')"
_KINDS_AFTER = "kind IN ('set', 'removed', 'payos_set', 'payos_removed')"


def _kinds(condition: str) -> None:
    with op.batch_alter_table('payee_changes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_payee_changes_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_payee_changes_kind_known'), condition)


def upgrade() -> None:
    op.create_table(
        'payos_accounts',
        sa.Column('space_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('client_id_tail', sa.String(length=8), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payos_accounts_space_id_spaces'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_payos_accounts_updated_by_id_users')),
        sa.PrimaryKeyConstraint('space_id', name=op.f('pk_payos_accounts')),
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payos_qr', sa.Text(), nullable=True))
    _kinds(_KINDS_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM payee_changes WHERE kind IN ('payos_set', 'payos_removed')")
    _kinds(_KINDS_BEFORE)
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_column('payos_qr')
    op.drop_table('payos_accounts')
