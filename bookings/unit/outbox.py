"""The outbox: events recorded in the use case's transaction, and their delivery's bookkeeping.

Delivery is at least once. A delivery first *claims* the event for a lease (an UPDATE that only
one process can win), runs every handler, then marks it delivered; a handler that fails leaves
it undelivered with a back-off, never touching the transaction that recorded it. Which handlers
an event has is the event table's (``db.info["events"]``: a session records events only when it
carries one), and running them is the bus's (``db.info["bus"]``, ``bookings.unit.bus``).
"""

from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from bookings.events import Event
from bookings.unit import jobs
from models import OutboxEvent

#: How long a claimed delivery may take before another process may try again.
LEASE = timedelta(minutes=5)
#: The same for an event a drain job took: should its worker die, the sweep hands the event to a
#: job of its own once this lease is over and ``jobs.SWEEP_AFTER`` has passed.
DRAIN_LEASE = timedelta(seconds=20)
#: Back-off after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 1 h.
BASE_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)

_INSERT = insert(OutboxEvent.__table__)
_INSERT_RETURNING_ID = _INSERT.returning(OutboxEvent.__table__.c.id)


def record(db: Session, event: Event, *, now: datetime) -> None:
    """Add ``event`` to the outbox in the caller's open transaction.

    An event nobody handles is stored as delivered already: it is the record of what happened
    (staff pages and later messages read it), with nothing left to do. An event with handlers to
    run right after the commit is remembered for ``after_commit``. (A plain INSERT, not an ORM
    object: a booking records one or two events, and this is its hot path.)
    """
    table = db.info.get("events")
    if table is None:
        raise RuntimeError("this session has no event table (bookings.bootstrap.EVENTS)")
    name = type(event).__name__
    handled = table.has_handlers(name)
    engine = handled and jobs.hands_over(db)
    if engine and not db.in_nested_transaction():  # written with its drain job at the commit
        jobs.record_event(db, name=name, payload=event.to_payload(), now=now)
        return
    values = {
        "name": name,
        "payload": event.to_payload(),
        "created_at": now,
        "next_attempt_at": now,
        "delivered_at": None if handled else now,
        "attempts": 0,
    }
    if engine:  # inside a savepoint, which may roll back: written now, its drain at the commit
        jobs.drain_at_commit(db, db.execute(_INSERT_RETURNING_ID, values).scalar_one())
    elif table.runs_right_after_commit(name):
        event_id = db.execute(_INSERT_RETURNING_ID, values).scalar_one()
        db.info.setdefault("recorded_events", []).append(event_id)
    else:  # nothing to do, or only the worker's part
        db.execute(_INSERT, values)


def forget_recorded(db: Session) -> None:
    """The transaction rolled back: its events never happened."""
    db.info.pop("recorded_events", None)


def after_commit(db: Session) -> None:
    """Hand the events the committed transaction recorded to the bus, where the session
    delivers right away (the embedded mode); otherwise the worker finds them."""
    recorded = db.info.pop("recorded_events", [])
    bus = db.info.get("bus")
    if recorded and bus is not None and db.info.get("deliver_after_commit"):
        bus.deliver_after_commit(db, recorded)


def claim(
    db: Session, event_id: int, now: datetime, *, by_engine: bool = False
) -> OutboxEvent | None:
    """Take the event for ``LEASE``, or None when it is delivered or someone else holds it.

    The queue engine's job (``by_engine``) takes it whatever the lease says: a job whose worker
    died is run again at once (and should two jobs of one event run at once, its handlers are
    idempotent)."""
    undelivered = [OutboxEvent.id == event_id, OutboxEvent.delivered_at.is_(None)]
    if not by_engine:
        undelivered.append(OutboxEvent.next_attempt_at <= now)
    with db.begin():
        row = db.scalar(
            update(OutboxEvent)
            .where(*undelivered)
            .values(next_attempt_at=now + LEASE, attempts=OutboxEvent.attempts + 1)
            .returning(OutboxEvent)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        if row is not None:
            db.expunge(row)
        return row


def claim_next(db: Session, now: datetime, *, delivered: int | None = None) -> OutboxEvent | None:
    """Take the oldest event waiting for a drain (never attempted, whatever its time says: the
    clocks of the process that recorded it and of this one may differ) for ``DRAIN_LEASE``; None
    when none waits. Drains side by side take different events (``SKIP LOCKED``); the index of
    undelivered events by ``next_attempt_at`` finds the oldest without reading the backlog.
    ``delivered``: the drain's previous event, marked delivered in the same transaction."""
    with db.begin():
        if delivered is not None:
            db.execute(_DELIVERED, {"event_id": delivered, "now": now})
        row = db.scalar(_CLAIM_NEXT, {"lease_end": now + DRAIN_LEASE})
        if row is not None:
            db.expunge(row)
        return row


_WAITING = (
    select(OutboxEvent.id)
    .where(
        OutboxEvent.delivered_at.is_(None),
        OutboxEvent.failed_at.is_(None),
        OutboxEvent.attempts == 0,
    )
    .order_by(OutboxEvent.next_attempt_at)
    .limit(1)
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)
_CLAIM_NEXT = (
    update(OutboxEvent)
    .where(OutboxEvent.id == _WAITING)
    .values(next_attempt_at=bindparam("lease_end"), attempts=1)
    .returning(OutboxEvent)
    .execution_options(synchronize_session=False, populate_existing=True)
)


def _set(db: Session, event_id: int, **values) -> None:
    with db.begin():
        db.execute(update(OutboxEvent).where(OutboxEvent.id == event_id).values(**values))


_DELIVERED = (
    update(OutboxEvent)
    .where(OutboxEvent.id == bindparam("event_id"))
    .values(delivered_at=bindparam("now"), last_error=None)
)


def delivered(db: Session, event_id: int, now: datetime) -> None:
    with db.begin():
        db.execute(_DELIVERED, {"event_id": event_id, "now": now})


def failed(
    db: Session, row: OutboxEvent, error: Exception, now: datetime, *, retry_by_job: bool = False
) -> None:
    """Try again after a back-off that grows with every attempt; ``retry_by_job``: the event
    gets a job of its own for that time, in the same transaction (a drain's failure)."""
    backoff = min(BASE_BACKOFF * 2 ** (row.attempts - 1), MAX_BACKOFF)
    with db.begin():
        db.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == row.id)
            .values(next_attempt_at=now + backoff, last_error=repr(error)[:2000])
        )
        if retry_by_job:
            jobs.defer_event(db, row.id, at=now + backoff)


def give_up(db: Session, event_id: int, now: datetime) -> None:
    """The engine's last retry failed: the dead state, ``last_error`` saying why."""
    _set(db, event_id, failed_at=now)


def hand_back(db: Session, event_id: int, now: datetime) -> None:
    """Return a claimed event at once, its attempt not counted: the worker takes it next."""
    _set(db, event_id, next_attempt_at=now, attempts=OutboxEvent.attempts - 1)
