"""Helpers of the PostgreSQL concurrency tests: data setup, and workers for spawned processes.

A worker is a top-level function (a spawned process imports it by name). It builds its own
engine, waits at the shared barrier so that every process starts together, does its share with
the real use cases, and puts plain values on the results queue: nothing but numbers, strings and
tuples crosses a process boundary.
"""

import multiprocessing
import queue
import random
import secrets
import time
import traceback
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.orm import Session

import bookings.handlers  # noqa: F401  (see below)
from bookings import reservations
from bookings.errors import BookingError
from models import Booking, OutboxEvent, Payment, Space, User, Workshop, WorkshopSession
from models.booking import ACTIVE_STATUSES

#: Processes forked from a clean server process that has imported this module once (not from
#: the test process, whose engines and connections they must not inherit): each opens its own.
CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload([__name__])
# The outbox imports its handler registry (and with it the stripe SDK, mail, calendars) on the
# first event a process records, inside that booking's transaction, holding the session's row
# lock for half a second or more: imported here, in the preloaded server, the racers race over
# seats and not over that import (on a loaded machine it made the storm quiet).
#: The longest anything waits for the others: a stuck process fails the test, never hangs it.
PATIENCE = 120.0
#: The ``application_name`` of the connection of the process that is killed mid-booking.
KILLED_CHILD_NAME = "stress-killed-mid-booking"


# -- Setup (in the test's own process) --------------------------------------------------------


def add_users(db: Session, count: int) -> list[int]:
    """``count`` people, inserted directly (no password hashing), committed; their ids."""
    batch = secrets.token_hex(4)
    people = [
        User(
            email=f"racer-{batch}-{n}@example.com",
            name=f"Người đua {n}",
            password_hash="!x",
            session_key=secrets.token_urlsafe(24),
        )
        for n in range(count)
    ]
    db.add_all(people)
    db.commit()
    return [person.id for person in people]


def add_session(
    db: Session, *, capacity: int, price: int = 0, pay_at_venue: bool = False
) -> WorkshopSession:
    """A scheduled session two days ahead, of a workshop of its own in a space of its own."""
    tag = secrets.token_hex(4)
    space = Space(
        slug=f"stress-{tag}",
        name=f"Không gian {tag}",
        kind="art-space",
        district="hoan-kiem",
        address="1 Hàng Buồm, Hoàn Kiếm, Hà Nội",
    )
    workshop = Workshop(
        space=space,
        title=f"Gốm {tag}",
        discipline="ceramics",
        price=price,
        pay_at_venue=pay_at_venue,
        capacity=capacity,
        duration_minutes=120,
    )
    starts_at = datetime.now(UTC) + timedelta(days=2)
    sitting = WorkshopSession(
        workshop=workshop,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=120),
        capacity=capacity,
    )
    db.add_all([space, workshop, sitting])
    db.commit()
    return sitting


def counters(db: Session, session_id: int) -> tuple[int, int, int]:
    """(seats_taken, waitlist_length, capacity) as stored on the session's row."""
    db.rollback()
    row = db.execute(
        select(
            WorkshopSession.seats_taken, WorkshopSession.waitlist_length, WorkshopSession.capacity
        ).where(WorkshopSession.id == session_id)
    ).one()
    return tuple(row)


def bookings_by_status(db: Session, session_id: int) -> dict[str, list[int]]:
    """status -> the user ids of the session's bookings in that status."""
    found: dict[str, list[int]] = {}
    for user_id, status in db.execute(
        select(Booking.user_id, Booking.status).where(Booking.session_id == session_id)
    ):
        found.setdefault(status, []).append(user_id)
    return found


def people_with_two_active_bookings(db: Session, session_ids: list[int]) -> list[tuple]:
    """(session id, user id, how many) for every person with more than one active booking."""
    how_many = func.count()
    return list(
        db.execute(
            select(Booking.session_id, Booking.user_id, how_many)
            .where(Booking.session_id.in_(session_ids), Booking.status.in_(ACTIVE_STATUSES))
            .group_by(Booking.session_id, Booking.user_id)
            .having(how_many > 1)
        )
    )


def run_in_processes(target, shares: list, extra: tuple = ()) -> list:
    """Run ``target(barrier, results, index, share, *extra)`` in one spawned process per share,
    all released together by a barrier; return each one's result, in the order of ``shares``.

    A worker that fails, hangs or dies fails the caller with its traceback or exit code.
    """
    barrier = CONTEXT.Barrier(len(shares))
    results = CONTEXT.Queue()
    processes = [
        CONTEXT.Process(target=target, args=(barrier, results, index, share, *extra), daemon=True)
        for index, share in enumerate(shares)
    ]
    for process in processes:
        process.start()
    collected: dict[int, object] = {}
    failures: list[str] = []
    try:
        deadline = time.monotonic() + PATIENCE
        while len(collected) + len(failures) < len(processes):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"workers did not finish in {PATIENCE} s")
            try:
                index, result, failure = results.get(timeout=min(left, 1.0))
            except queue.Empty:
                dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise AssertionError(f"a worker died with exit code {dead[0]}") from None
                continue
            if failure is None:
                collected[index] = result
            else:
                failures.append(f"worker {index} failed:\n{failure}")
        if failures:  # the cause first, then those it left waiting at a broken barrier
            failures.sort(key=lambda failure: "BrokenBarrierError" in failure)
            raise AssertionError("\n".join(failures))
        for process in processes:
            process.join(timeout=PATIENCE)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join(timeout=10)
        results.close()
    return [collected[index] for index in range(len(processes))]


# -- Workers (each in a spawned process of its own) -------------------------------------------


def _connected_engine(url: str, **connect_args):
    engine = create_engine(url, pool_size=1, max_overflow=0, connect_args=connect_args)
    with engine.connect() as connection:  # connect now, not in the race
        connection.execute(text("SELECT 1"))
    return engine


def _outcome(call, *args, **kwargs) -> str:
    """The booking status, the error code (``sold_out`` …), or ``unexpected: …`` with the
    traceback of anything that is not a BookingError (a deadlock, a CHECK violation …)."""
    try:
        booking = call(*args, **kwargs)
    except BookingError as error:
        return error.code
    except Exception:
        return "unexpected: " + traceback.format_exc(limit=-4, chain=False)
    return booking.status if isinstance(booking, Booking) else "done"


def _book_one(db: Session, session_id: int, user_id: int, join_waitlist: bool) -> Booking:
    return reservations.book_seats(
        db,
        session_id=session_id,
        user_id=user_id,
        seats=1,
        now=datetime.now(UTC),
        join_waitlist=join_waitlist,
    )


def book_rounds(barrier, results, index, rounds, url) -> None:
    """``rounds``: [(session id, [(user id, join_waitlist), …]), …]. Every process starts each
    round at the barrier and books one seat for each of its people, one after the other.
    Result: per round, [(user id, outcome), …]."""
    engine = None
    try:
        engine = _connected_engine(url)
        outcomes = []
        with Session(engine, expire_on_commit=False) as db:
            for session_id, people in rounds:
                barrier.wait(timeout=PATIENCE)
                outcomes.append(
                    [
                        (user_id, _outcome(_book_one, db, session_id, user_id, join))
                        for user_id, join in people
                    ]
                )
        results.put((index, outcomes, None))
    except BaseException:
        barrier.abort()
        results.put((index, None, traceback.format_exc()))
    finally:
        if engine is not None:
            engine.dispose()


#: What may legitimately go wrong for each action of the storm (losing a race is not a bug).
STORM_EXPECTED = {
    "book": {"sold_out", "already_booked"},
    "cancel": {"not_active"},
    "accept": {"no_offer"},
    "pay": set(),
    "release": set(),
}
#: A card hold that ends while the storm still blows.
SHORT_HOLD = timedelta(seconds=1)


def _pick(db: Session, query):
    """One random row of ``query`` (or None), read in a transaction ended at once."""
    row = db.execute(query.order_by(func.random()).limit(1)).first()
    db.rollback()
    return row


def _storm_action(db: Session, rng: random.Random, share: dict) -> tuple[str, str]:
    sessions = share["sessions"]  # [(id, pay_at_venue)]
    session_ids = [session_id for session_id, _ in sessions]
    now = datetime.now(UTC)
    roll = rng.random()
    if roll < 0.45:
        session_id, at_venue = rng.choice(sessions)
        return "book", _outcome(
            reservations.book_seats,
            db,
            session_id=session_id,
            user_id=rng.choice(share["users"]),
            seats=rng.randint(1, 3),
            now=now,
            payment="at_venue" if at_venue and rng.random() < 0.5 else None,
            join_waitlist=rng.random() < 0.5,
            hold=SHORT_HOLD,
        )
    if roll < 0.65:
        row = _pick(
            db,
            select(Booking.id, Booking.user_id).where(
                Booking.session_id.in_(session_ids), Booking.status.in_(ACTIVE_STATUSES)
            ),
        )
        if row is None:
            return "cancel", "nothing"
        return "cancel", _outcome(
            reservations.cancel_booking, db, booking_id=row.id, user_id=row.user_id, now=now
        )
    if roll < 0.75:
        row = _pick(
            db,
            select(Booking.id, Booking.user_id).where(
                Booking.session_id.in_(session_ids), Booking.status == "offered"
            ),
        )
        if row is None:
            return "accept", "nothing"
        return "accept", _outcome(
            reservations.accept_offer,
            db,
            booking_id=row.id,
            user_id=row.user_id,
            now=now,
            hold=SHORT_HOLD,
        )
    if roll < 0.85:
        row = _pick(
            db,
            select(Payment.reference)
            .join(Booking, Booking.id == Payment.booking_id)
            .where(Booking.session_id.in_(session_ids), Payment.status == "open"),
        )
        if row is None:
            return "pay", "nothing"
        return "pay", _outcome(
            reservations.payment_succeeded,
            db,
            reference=row.reference,
            now=now,
            charge_id=f"ch_{secrets.token_hex(6)}",
        )
    later = timedelta(hours=7) if rng.random() < 0.1 else timedelta(seconds=rng.uniform(0.5, 3))
    return "release", _outcome(reservations.release_expired, db, now=now + later)


def storm(barrier, results, index, share, url) -> None:
    """For ``share["seconds"]`` seconds, a random mix of booking (some by card with a hold of
    one second, some joining the waiting list), cancelling, accepting offers, paying and
    releasing what expired (with a clock running ahead). Result: (Counter of (action, outcome),
    [unexpected failures])."""
    engine = None
    try:
        engine = _connected_engine(url)
        rng = random.Random(share["seed"])
        tally: Counter = Counter()
        unexpected: list[str] = []
        with Session(engine, expire_on_commit=False) as db:
            barrier.wait(timeout=PATIENCE)
            stop = time.monotonic() + share["seconds"]
            while time.monotonic() < stop:
                action, outcome = _storm_action(db, rng, share)
                if _is_unexpected(action, outcome):
                    unexpected.append(f"{action}: {outcome}")
                    outcome = "unexpected"
                tally[(action, outcome)] += 1
        results.put((index, (tally, unexpected), None))
    except BaseException:
        barrier.abort()
        results.put((index, None, traceback.format_exc()))
    finally:
        if engine is not None:
            engine.dispose()


#: Outcomes of an action that did what it was asked (or found nothing to do).
_DONE = {"pending_payment", "confirmed", "waitlisted", "offered", "cancelled", "expired"} | {
    "done",
    "nothing",
}


def _is_unexpected(action: str, outcome: str) -> bool:
    """Anything but success or a lost race: another error code, a deadlock, a CHECK violation."""
    return outcome not in _DONE | STORM_EXPECTED[action]


def book_and_hang(report, session_id: int, user_id: int, url: str) -> None:
    """Book by card, and just before the commit (booking, payment, counter and outbox rows all
    written) report what this transaction sees, then wait to be killed. Never commits."""
    engine = _connected_engine(url, application_name=KILLED_CHILD_NAME)
    with Session(engine, expire_on_commit=False) as db:

        def hang(session: Session) -> None:
            session.flush()
            connection = session.connection()
            report.put(
                {
                    "backend_pid": connection.exec_driver_sql("SELECT pg_backend_pid()").scalar(),
                    "seats_taken": connection.scalar(
                        select(WorkshopSession.seats_taken).where(WorkshopSession.id == session_id)
                    ),
                    "bookings": connection.scalar(
                        select(func.count()).where(Booking.session_id == session_id)
                    ),
                    "payments": connection.scalar(
                        select(func.count())
                        .select_from(Payment)
                        .join(Booking)
                        .where(Booking.session_id == session_id)
                    ),
                    "outbox": connection.scalar(select(func.count()).select_from(OutboxEvent)),
                }
            )
            time.sleep(PATIENCE)
            raise RuntimeError("not killed: this transaction rolls back instead")

        event.listen(db, "before_commit", hang)
        reservations.book_seats(
            db,
            session_id=session_id,
            user_id=user_id,
            seats=2,
            now=datetime.now(UTC),
            payment="card",
        )
