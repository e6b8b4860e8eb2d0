"""Periodic work with three workers running: every worker defers the periodic jobs, and each
runs once per period (procrastinate's unique constraint on periodic defers lets one defer in);
the workers stop cleanly on SIGTERM."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, text

from app.cli import upgrade_database
from bookings import seats
from bookings.unit import jobs
from models import Booking, OutboxEvent
from models.statuses import BookingStatus
from tests.databases import domain_session, fresh_database
from tests.stress import servers
from tests.stress.race_workers import add_session, add_users

pytestmark = pytest.mark.postgres_only

#: Periods to wait for: of the five-second job, and of the ten-second one.
FAST_PERIODS = 3
SLOW_PERIODS = 2


@pytest.fixture(scope="module")
def periodic_url():
    with fresh_database("periodic") as url:
        upgrade_database(url)
        yield url


def _overdue_hold(engine) -> int:
    """A card booking whose hold ended a minute ago: the periodic release must expire it."""
    with domain_session(engine, expire_on_commit=False) as db:
        sitting = add_session(db, capacity=5, price=150_000)
        (person,) = add_users(db, 1)
        booking = seats.book_seats(
            db,
            session_id=sitting.id,
            user_id=person,
            seats=1,
            now=datetime.now(UTC) - timedelta(minutes=40),
            gateway="demo",
            hold=timedelta(minutes=39),
        )
        return booking.id


def test_a_periodic_job_runs_once_per_period_with_three_workers(periodic_url, tmp_path):
    engine = create_engine(periodic_url)
    booking_id = _overdue_hold(engine)
    env = {
        **__import__("os").environ,
        "DATABASE_URL": periodic_url,
        "QUEUE_ENGINE": "procrastinate",
        "SECRET_KEY": "periodic-test-secret-key-not-for-production",
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    workers = [
        servers.start_worker(env, tmp_path / f"worker-{n}.log", name=f"w{n}") for n in range(3)
    ]
    try:
        servers.wait_until(
            lambda: (
                _periods_done(engine, "retry_stalled_jobs") >= FAST_PERIODS
                and _periods_done(engine, "release_expired") >= SLOW_PERIODS
            ),
            seconds=60,
            what="a few periods",
        )
    finally:
        codes = [servers.stop(worker) for worker in workers]
    logs = "\n".join((tmp_path / f"worker-{n}.log").read_text() for n in range(3))
    assert codes == [0, 0, 0], logs

    with engine.connect() as connection:
        runs = connection.execute(
            text(
                "SELECT j.task_name, j.args ->> 'timestamp', j.status, j.worker_id, "
                "(SELECT count(*) FROM procrastinate_events e "
                " WHERE e.job_id = j.id AND e.type = 'started') "
                "FROM procrastinate_jobs j WHERE j.queue_name = :periodic"
            ),
            {"periodic": jobs.PERIODIC_QUEUE},
        ).all()
    per_period = Counter((task, stamp) for task, stamp, *_ in runs)
    assert per_period and max(per_period.values()) == 1, per_period
    assert all(started == 1 for *_, started in runs), runs
    assert {status for _, _, status, *_ in runs} <= {"succeeded", "todo"}
    periods = Counter(task for task, _ in per_period)
    assert periods["retry_stalled_jobs"] >= FAST_PERIODS, periods
    assert periods["release_expired"] >= SLOW_PERIODS, periods

    with domain_session(engine) as db:
        assert db.get_one(Booking, booking_id).status == BookingStatus.EXPIRED
        expiries = db.scalars(select(OutboxEvent.name).where(OutboxEvent.name == "HoldExpired"))
        assert list(expiries) == ["HoldExpired"]
    engine.dispose()
    print("periodic runs:", dict(periods))


def _periods_done(engine, task: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(
            text(
                "SELECT count(DISTINCT args ->> 'timestamp') FROM procrastinate_jobs "
                "WHERE task_name = :task AND status = 'succeeded'"
            ),
            {"task": task},
        )
