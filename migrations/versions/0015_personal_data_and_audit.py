"""A deleted account says when; an append-only audit log of security- and money-relevant actions

Revision ID: 0015
Revises: 0010
"""

from alembic import op
import sqlalchemy as sa

from models.base import UTCDateTime


revision = '0015'
down_revision = '0010'
branch_labels = None
depends_on = None


#: The audit log is append-only: on PostgreSQL no database user may change or delete a row.
_APPEND_ONLY = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""


def upgrade() -> None:
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_email', sa.String(length=254), nullable=False),
        sa.Column('actor_role', sa.String(length=20), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('object', sa.String(length=120), nullable=False),
        sa.Column('client_ip', sa.String(length=45), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_APPEND_ONLY)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER audit_log_append_only ON audit_log')
        op.execute('DROP FUNCTION audit_log_append_only()')
    op.drop_table('audit_log')
