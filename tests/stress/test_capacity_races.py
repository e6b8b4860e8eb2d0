"""Staff change a session's capacity and take walk-ins while people book, cancel and wait, all at
once on PostgreSQL: capacity is never exceeded and the counters always equal a recount."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine

from app.cli import upgrade_database
from bookings import attendance, seats
from bookings.errors import BookingError
from bookings.seats import active_booking
from bookings.seats.policy import DEFAULT_HOLD
from tests.databases import domain_session, fresh_database
from tests.stress.race_workers import add_session, add_users, counters

pytestmark = pytest.mark.postgres_only

PEOPLE = 40
THREADS = 8
#: Each thread's bounded number of actions.
ACTIONS = 25


@pytest.fixture(scope="module")
def engine():
    with fresh_database("capacity") as url:
        upgrade_database(url)
        engine = create_engine(url, pool_size=THREADS + 2)
        yield engine
        engine.dispose()


def _act(engine, session_id: int, people: list[int], seed: int, barrier) -> list[str]:
    """One thread: a bounded series of random bookings, cancellations, capacity changes and
    walk-ins; returns what came of each."""
    rng = random.Random(seed)
    outcomes = []
    barrier.wait(timeout=30)
    with domain_session(engine, expire_on_commit=False) as db:
        for n in range(ACTIONS):
            now = datetime.now(UTC)
            choice = rng.random()
            try:
                if choice < 0.25:
                    seats.change_capacity(
                        db, session_id=session_id, capacity=rng.randint(1, 12), now=now
                    )
                    outcomes.append("capacity")
                elif choice < 0.35:
                    attendance.walk_in(
                        db, session_id=session_id, name=f"Khách {seed}-{n}", seats=1, now=now
                    )
                    outcomes.append("walk_in")
                elif choice < 0.8:
                    booking = seats.book_seats(
                        db,
                        session_id=session_id,
                        user_id=rng.choice(people),
                        seats=rng.randint(1, 2),
                        join_waitlist=rng.random() < 0.5,
                        now=now,
                        gateway="demo",
                        hold=DEFAULT_HOLD,
                    )
                    outcomes.append(booking.status)
                else:
                    person = rng.choice(people)
                    found = active_booking(db, session_id, person)
                    db.rollback()
                    if found is not None:
                        seats.cancel_booking(db, booking_id=found.id, user_id=person, now=now)
                    outcomes.append("cancel")
            except BookingError as error:
                db.rollback()
                outcomes.append(error.code)
    return outcomes


def test_capacity_changes_racing_bookings_and_walk_ins_never_oversell(engine):
    with domain_session(engine, expire_on_commit=False) as db:
        people = add_users(db, PEOPLE)
        session_id = add_session(db, capacity=6).id
    barrier = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [
            pool.submit(_act, engine, session_id, people, seed, barrier) for seed in range(THREADS)
        ]
        outcomes = [outcome for future in futures for outcome in future.result(timeout=300)]
    assert len(outcomes) == THREADS * ACTIONS
    allowed = {
        "capacity",
        "walk_in",
        "confirmed",
        "waitlisted",
        "cancel",
        "sold_out",
        "already_booked",
        "not_active",  # two threads cancelled the same person's booking at once
        "invalid",  # a capacity below the seats taken
    }
    assert set(outcomes) <= allowed
    assert "capacity" in outcomes and "confirmed" in outcomes
    with domain_session(engine) as db:
        seats_taken, waitlist_length, capacity = counters(db, session_id)
        assert 0 <= seats_taken <= capacity
        assert (seats_taken, waitlist_length) == seats.count_seats(db, session_id)
