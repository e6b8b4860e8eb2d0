"""The bus: which handlers each event has (one table, ``bookings.bootstrap.EVENTS``) and running
them with this process's context.

Right after a use case commits, the events it recorded are delivered here in the same process
(the embedded mode), except for the handlers the table leaves to the worker; ``deliver_due``
(the worker) delivers whatever is still undelivered: events whose handler failed, or that a
process recorded and died before delivering. Handlers are idempotent: a process can die after a
handler succeeded and before its event was marked delivered.
"""

import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.events import Event
from bookings.unit import outbox
from bookings.unit.transaction import end_reads
from models import OutboxEvent

log = logging.getLogger(__name__)

#: ``handler(db, event, context)``; the context is what ``bookings.bootstrap`` builds.
Handler = Callable[[Session, Any, Any], None]


class EventTable:
    """``{EventType: [handlers]}``, and which handlers only the worker runs."""

    def __init__(
        self,
        table: Mapping[type[Event], Sequence[Handler]],
        *,
        worker_only: Collection[Handler] = (),
    ) -> None:
        self._handlers = {event.__name__: list(handlers) for event, handlers in table.items()}
        self.worker_only = frozenset(worker_only)

    def handlers(self, name: str) -> list[Handler]:
        return self._handlers.get(name, [])

    def has_handlers(self, name: str) -> bool:
        return bool(self._handlers.get(name))

    def runs_right_after_commit(self, name: str) -> bool:
        """True when some handler of the event runs in the process that recorded it."""
        return any(h not in self.worker_only for h in self._handlers.get(name, ()))


class Bus:
    """The event table, and the context its handlers receive in this process."""

    def __init__(self, table: EventTable, context: Any) -> None:
        self.table = table
        self.context = context

    def clock(self) -> datetime:
        return self.context.clock()

    def deliver_after_commit(self, db: Session, event_ids: Iterable[int]) -> None:
        """Run the quick handlers of the events a use case just committed. A failure is logged
        and left to the worker: the use case has committed, and stands."""
        for event_id in event_ids:
            try:
                self._deliver_one(db, event_id, in_request=True)
            except Exception:
                log.exception("delivering event #%s after its commit failed", event_id)
                if db.in_transaction():
                    db.rollback()

    def deliver(self, db: Session, event_ids: Iterable[int]) -> int:
        """Run every handler of these events now; return how many were delivered."""
        return sum(self._deliver_one(db, event_id) for event_id in event_ids)

    def deliver_due(self, db: Session, *, limit: int = 500) -> int:
        """Deliver undelivered events whose time has come, oldest first; return how many."""
        end_reads(db)
        due = list(
            db.scalars(
                select(OutboxEvent.id)
                .where(
                    OutboxEvent.delivered_at.is_(None), OutboxEvent.next_attempt_at <= self.clock()
                )
                .order_by(OutboxEvent.id)
                .limit(limit)
            )
        )
        return self.deliver(db, due)

    def deliver_job(self, db: Session, event_id: int) -> bool:
        """The queue engine's delivery of one event: every handler, then marked delivered;
        False when it was delivered already. A failing handler is recorded (``last_error``)
        and raises, for the engine to retry with its back-off."""
        end_reads(db)
        row = outbox.claim(db, event_id, self.clock(), by_engine=True)
        if row is None:
            return False
        try:
            self._run(db, row, self.table.handlers(row.name))
        except Exception as error:
            outbox.failed(db, row, error, self.clock())
            raise
        outbox.delivered(db, row.id, self.clock())
        return True

    def drain(
        self, db: Session, *, after_each: Callable[[], None], enough: Callable[[], bool]
    ) -> bool:
        """A drain job's work: the events waiting for a drain, oldest first, each with every
        handler, ``after_each`` called once its handlers are done (its messages sent), until
        none is left or ``enough()``; True when it stopped for ``enough`` (more may wait). An
        event is marked delivered in the transaction that takes the next one (one commit less
        per event). A failing handler is recorded (``last_error``) and its event handed to a
        job of its own, which retries with the engine's back-off."""
        done: int | None = None
        while True:
            end_reads(db)
            row = outbox.claim_next(db, self.clock(), delivered=done)
            done = None
            if row is None:
                return False
            try:
                self._run(db, row, self.table.handlers(row.name))
            except Exception as error:
                log.warning("event %s #%s failed in a drain: %r", row.name, row.id, error)
                outbox.failed(db, row, error, self.clock(), retry_by_job=True)
            else:
                done = row.id
            after_each()
            if enough():
                if done is not None:
                    end_reads(db)
                    outbox.delivered(db, done, self.clock())
                return True

    def _run(self, db: Session, row: OutboxEvent, handlers: Sequence[Handler]) -> None:
        """Run these handlers of the event, each in its own transaction; a failing one's
        unfinished work is rolled back, and its error raised."""
        try:
            event = Event.from_payload(row.name, row.payload)
            for handler in handlers:
                handler(db, event, self.context)
                end_reads(db)
        except Exception:
            if db.in_transaction():
                db.rollback()
            raise

    def _deliver_one(self, db: Session, event_id: int, *, in_request: bool = False) -> bool:
        end_reads(db)
        row = outbox.claim(db, event_id, self.clock())
        if row is None:
            return False
        handlers = self.table.handlers(row.name)
        later = in_request and any(h in self.table.worker_only for h in handlers)
        if later:
            handlers = [h for h in handlers if h not in self.table.worker_only]
        try:
            self._run(db, row, handlers)
        except Exception as error:  # a handler failed: try again later, never undo the event
            log.warning(
                "event %s #%s failed (attempt %s): %r", row.name, row.id, row.attempts, error
            )
            if later:  # the worker runs every handler again (they are idempotent)
                outbox.hand_back(db, row.id, self.clock())
            else:
                outbox.failed(db, row, error, self.clock())
            return False
        if later:  # the quick part is done; the worker does the rest
            outbox.hand_back(db, row.id, self.clock())
            return False
        outbox.delivered(db, row.id, self.clock())
        return True
