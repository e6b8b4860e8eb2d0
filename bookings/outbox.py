"""The outbox and its bus: record events in the use case's transaction, deliver them after.

Delivery is at least once. Right after a use case commits, ``bookings.transactions`` hands the
events it recorded to ``deliver`` (embedded mode); ``deliver_due`` (``flask --app app jobs run``)
delivers whatever is still undelivered: events whose handler failed, or that were recorded by a
process that died before delivering them.

A delivery first *claims* the event for a lease (an UPDATE that only one process can win), runs
every handler, then marks it delivered. A handler that fails leaves the event undelivered with a
back-off; it never touches the transaction that recorded the event. Handlers must be idempotent:
a process can die after a handler succeeded and before the event was marked delivered.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bookings.events import Event
from bookings.reads import end_reads
from models import OutboxEvent

log = logging.getLogger(__name__)

#: How long a claimed delivery may take before another process may try again.
LEASE = timedelta(minutes=5)
#: Back-off after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 1 h.
BASE_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class HandlerContext:
    """What handlers may use besides the database: the payment gateway, the clock, and the
    mail settings (``bookings.notifications.Mail``; None: no messages are queued)."""

    gateway: Any
    clock: Callable[[], datetime]
    mail: Any = None


Handler = Callable[[Session, Event, HandlerContext], None]
_HANDLERS: dict[str, list[Handler]] = defaultdict(list)
#: Handlers that never run inside the request that recorded their event (rendering a message
#: costs far more than a booking): the worker (``jobs run`` / ``jobs worker``) runs them.
_LATER: set[Handler] = set()


def handles(*event_types: type[Event], later: bool = False) -> Callable[[Handler], Handler]:
    """Register the decorated function as a handler of these events; ``later`` ones are left
    to the worker even where events are otherwise delivered right after the commit."""

    def register(handler: Handler) -> Handler:
        for event_type in event_types:
            _HANDLERS[event_type.__name__].append(handler)
        if later:
            _LATER.add(handler)
        return handler

    return register


def handlers_for(name: str) -> list[Handler]:
    import bookings.handlers  # noqa: F401  (registers the domain's handlers on first use)

    return _HANDLERS.get(name, [])


_INSERT = insert(OutboxEvent.__table__)
_INSERT_RETURNING_ID = _INSERT.returning(OutboxEvent.__table__.c.id)


def record(db: Session, event: Event, *, now: datetime) -> None:
    """Add ``event`` to the outbox in the caller's open transaction.

    An event nobody handles is stored as delivered already: it is the record of what happened
    (the staff pages and later notifications read it), with nothing left to do. (A plain INSERT,
    not an ORM object: a booking records one or two events, and this is its hot path.)
    """
    name = type(event).__name__
    handlers = handlers_for(name)
    to_deliver = bool(handlers)
    values = {
        "name": name,
        "payload": event.to_payload(),
        "created_at": now,
        "next_attempt_at": now,
        "delivered_at": None if to_deliver else now,
        "attempts": 0,
    }
    if any(handler not in _LATER for handler in handlers):  # something to do right after
        event_id = db.execute(_INSERT_RETURNING_ID, values).scalar_one()
        db.info.setdefault("recorded_events", []).append(event_id)
    else:  # nothing, or only the worker's part
        db.execute(_INSERT, values)


def take_recorded(db: Session) -> list[int]:
    """The ids of the events recorded in the transaction that just committed (and forget them)."""
    return db.info.pop("recorded_events", [])


def forget_recorded(db: Session) -> None:
    """The transaction rolled back: its events never happened."""
    db.info.pop("recorded_events", None)


def _claim(db: Session, event_id: int, now: datetime) -> OutboxEvent | None:
    """Take the event for ``LEASE``, or None when it is delivered or someone else holds it."""
    with db.begin():
        claimed = db.execute(
            update(OutboxEvent)
            .where(
                OutboxEvent.id == event_id,
                OutboxEvent.delivered_at.is_(None),
                OutboxEvent.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + LEASE, attempts=OutboxEvent.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            return None
        row = db.get_one(OutboxEvent, event_id, populate_existing=True)
        db.expunge(row)
        return row


def _deliver_one(
    db: Session, event_id: int, context: HandlerContext, *, inline: bool = False
) -> bool:
    end_reads(db)
    row = _claim(db, event_id, context.clock())
    if row is None:
        return False
    handlers = handlers_for(row.name)
    if inline and any(handler in _LATER for handler in handlers):
        return _deliver_in_part(db, row, handlers, context)
    try:
        event = Event.from_payload(row.name, row.payload)
        for handler in handlers:
            handler(db, event, context)
    except Exception as error:  # a handler failed: try again later, never undo the event
        if db.new or db.dirty or db.deleted:
            db.rollback()  # the handler's own unfinished work
        end_reads(db)
        backoff = min(BASE_BACKOFF * 2 ** (row.attempts - 1), MAX_BACKOFF)
        log.warning("event %s #%s failed (attempt %s): %r", row.name, row.id, row.attempts, error)
        with db.begin():
            db.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id == row.id)
                .values(next_attempt_at=context.clock() + backoff, last_error=repr(error)[:2000])
            )
        return False
    end_reads(db)
    with db.begin():
        db.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == row.id)
            .values(delivered_at=context.clock(), last_error=None)
        )
    return True


def _deliver_in_part(
    db: Session, row: OutboxEvent, handlers: list[Handler], context: HandlerContext
) -> bool:
    """Inline: run the event's quick handlers now and hand the event back to the worker at
    once (lease and attempt returned), which runs every handler (they are idempotent)."""
    try:
        event = Event.from_payload(row.name, row.payload)
        for handler in handlers:
            if handler not in _LATER:
                handler(db, event, context)
    except Exception as error:  # the worker tries again, everything
        if db.new or db.dirty or db.deleted:
            db.rollback()
        log.warning("event %s #%s failed inline: %r", row.name, row.id, error)
    end_reads(db)
    with db.begin():
        db.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == row.id)
            .values(next_attempt_at=context.clock(), attempts=OutboxEvent.attempts - 1)
        )
    return False


def deliver(
    db: Session, event_ids: Iterable[int], context: HandlerContext, *, inline: bool = False
) -> int:
    """Run the handlers of these events now; return how many were delivered. ``inline`` (right
    after the commit that recorded them) leaves the ``later`` handlers to the worker."""
    return sum(_deliver_one(db, event_id, context, inline=inline) for event_id in event_ids)


def deliver_due(db: Session, context: HandlerContext, *, limit: int = 500) -> int:
    """Deliver undelivered events whose time has come, oldest first; return how many."""
    end_reads(db)
    due = list(
        db.scalars(
            select(OutboxEvent.id)
            .where(
                OutboxEvent.delivered_at.is_(None), OutboxEvent.next_attempt_at <= context.clock()
            )
            .order_by(OutboxEvent.id)
            .limit(limit)
        )
    )
    end_reads(db)
    return deliver(db, due, context)
