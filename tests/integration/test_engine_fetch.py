"""The engine's fetch stays cheap in a storm (PostgreSQL): procrastinate takes a job with a
PL/pgSQL function whose plan PostgreSQL keeps per connection. A worker that started on an empty
queue kept a plan made for a few rows, and with every job carrying a serial ``lock`` that plan
compared each waiting job with every other: 50 ms per fetch at a backlog of 300, most of a
confirmation's delay in a storm. The cost is counted in rows read (the database's own counters),
not timed."""

import asyncio

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import queue
from bookings.unit import jobs
from bookings.unit.transaction import try_hold

pytestmark = pytest.mark.postgres_only

BACKLOG = 300
_FETCH = "SELECT id FROM procrastinate_fetch_job_v2(%s::varchar[], NULL)"
_ROWS_READ = (
    "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables "
    "WHERE relname = 'procrastinate_jobs'"
)


@pytest.fixture
def empty_engine(db):
    """An empty queue, its statistics taken while empty (as autovacuum does after a quiet
    night, once old jobs are removed)."""
    db.execute(text("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE"))
    db.commit()
    db.execute(text("ANALYZE procrastinate_jobs"))
    db.commit()
    yield
    db.rollback()
    db.execute(text("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE"))
    db.commit()


def _rows_read(connection: psycopg.Connection) -> int:
    connection.execute("SELECT pg_stat_clear_snapshot()")
    return connection.execute(_ROWS_READ).fetchone()[0]


def _fetch(connection: psycopg.Connection) -> int | None:
    return connection.execute(_FETCH, [list(jobs.QUEUES)]).fetchone()[0]


def test_a_worker_that_began_on_an_empty_queue_fetches_from_a_backlog_without_comparing_every_pair(
    app, db, empty_engine
):
    worker = psycopg.connect(queue.conninfo(app.config["DATABASE_URL"]), autocommit=True)
    for statement in queue.ENGINE_SETTINGS:  # as the engine's pool sets up its connections
        worker.execute(statement)
    watcher = psycopg.connect(queue.conninfo(app.config["DATABASE_URL"]), autocommit=True)
    with worker, watcher:
        for _ in range(10):  # an idle worker polls: its connection plans for an empty queue
            assert _fetch(worker) is None
        for event_id in range(1, BACKLOG + 1):  # then a storm's events, each with its job
            jobs.defer_event(db, event_id)
        db.commit()
        serial = text("SELECT count(*) FROM procrastinate_jobs WHERE lock IS NOT NULL")
        assert db.scalar(serial) == 0

        worker.execute("SELECT pg_stat_force_next_flush()")
        before = _rows_read(watcher)
        first = _fetch(worker)
        worker.execute("SELECT pg_stat_force_next_flush()")
        worker.execute("SELECT 1")  # the flush happens at the end of a statement
        read = _rows_read(watcher) - before

    assert first is not None  # the oldest job, taken
    # Along the engine's index, the first job is the one it takes: a few rows, not the backlog
    # (the plan made for an empty queue read BACKLOG * BACKLOG + BACKLOG = 90,300).
    assert read < BACKLOG, read


async def _settings_of_the_engines_connections(url: str) -> list[str]:
    connector = queue._connector(url)
    await connector.open_async()
    try:
        async with connector.pool.connection() as connection:
            return [
                (await (await connection.execute(f"SHOW {name}")).fetchone())[0]
                for name in ("plan_cache_mode", "enable_seqscan")
            ]
    finally:
        await connector.close_async()


def test_the_engines_connections_plan_each_fetch_afresh_along_its_indexes(app):
    settings = asyncio.run(_settings_of_the_engines_connections(app.config["DATABASE_URL"]))
    assert settings == ["force_custom_plan", "off"]


def test_the_engines_synchronous_connections_take_the_same_settings(app):
    """procrastinate makes a synchronous pool when its app is used before being opened."""
    sync = queue._connector(app.config["DATABASE_URL"]).get_sync_connector()
    sync.open()
    try:
        settings = [
            sync.execute_query_one(f"SHOW {name}")[name]
            for name in ("plan_cache_mode", "enable_seqscan")
        ]
    finally:
        sync.close()
    assert settings == ["force_custom_plan", "off"]


def test_a_connection_back_in_the_pool_holds_no_advisory_lock(db):
    """A holder that failed before letting go (``bookings.unit.transaction.try_hold``): the
    pool releases the lock as the connection comes back, so nothing stays held forever."""
    connection = db.get_bind().connect()  # one connection across transactions, as a job's
    holder = Session(bind=connection)
    assert try_hold(holder, 4201, 987_654)
    holder.commit()
    assert _advisory(db) == 1  # held beyond the transaction
    holder.close()
    connection.close()  # back to the pool
    assert _advisory(db) == 0


def _advisory(db) -> int:
    count = db.scalar(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
    db.commit()
    return count
