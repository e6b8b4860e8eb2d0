"""The queue engine: procrastinate's schema (PostgreSQL only) and the outbox's dead state;
when workshops and spaces last changed (the catalogue's version, for cached calendar feeds)

Revision ID: 0013
Revises: 0009
"""

from alembic import op
import sqlalchemy as sa
import models.base
from procrastinate.schema import SchemaManager


revision = '0013'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_at', models.base.UTCDateTime(), nullable=True))
    for table in ('workshops', 'spaces'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    'updated_at',
                    models.base.UTCDateTime(),
                    server_default=sa.func.current_timestamp(),
                    nullable=False,
                )
            )
    if op.get_bind().dialect.name == 'postgresql':
        # The schema of the installed procrastinate, exactly as its own schema manager applies it.
        op.get_bind().exec_driver_sql(SchemaManager.get_schema().replace('%', '%%'))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.get_bind().exec_driver_sql(
            """
            DO $$
            DECLARE routine record;
            BEGIN
                DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers,
                    procrastinate_jobs, procrastinate_workers CASCADE;
                FOR routine IN
                    SELECT p.oid::regprocedure AS signature FROM pg_proc p
                    JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
                LOOP
                    EXECUTE 'DROP FUNCTION ' || routine.signature || ' CASCADE';
                END LOOP;
                DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,
                    procrastinate_job_status CASCADE;
            END $$;
            """.replace('%', '%%')
        )
    for table in ('spaces', 'workshops'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('updated_at')
    with op.batch_alter_table('outbox_events', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
