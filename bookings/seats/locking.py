"""One session's seats at a time: the lock every change of seats takes, and what happens under
it before anything else (overdue holds and offers released, free seats offered on).

Every use case that changes a session's seats runs inside ``seat_change`` (or
``booking_change``): it owns the transaction and locks the session's row (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite's writers begin IMMEDIATE), so changes to one session happen one at a time.
Under the lock, overdue holds and offers are released first, so they free their seats even when
no background job runs; a refusal the use case then raises (a ``BookingError``) is raised after
the commit, so those releases stand. A use case raises its refusals before it writes anything.

Promises kept here: ``WorkshopSession.seats_taken`` moves with every change of held, confirmed or
offered seats (its CHECK constraint, 0 ≤ seats_taken ≤ capacity, is the last line of defence);
seats that come free are offered to the waiting list at once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from bookings.errors import N_, BookingError, NotFound
from bookings.events import (
    BookingCancelled,
    HoldExpired,
    OfferExpired,
    SeatsOffered,
    SeatsReleased,
    WaitlistClosed,
)
from bookings.seats import policy
from bookings.seats.ledger import open_payment_of, refund_what_was_paid
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, Refund, Space, Workshop, WorkshopSession
from models.statuses import (
    ACTIVE_BOOKINGS,
    SEAT_HOLDING,
    BookingStatus,
    EndedBy,
    PaymentStatus,
    RefundReason,
    SessionStatus,
)

#: Built once: the statements of a booking's hot path (their construction costs as much as
#: their execution).
_LOCK_SESSION = (
    select(WorkshopSession)
    .where(WorkshopSession.id == bindparam("session_id"))
    .options(
        # Only the columns the rules read: the lock is on the hot path of every booking.
        joinedload(WorkshopSession.workshop)
        .load_only(
            Workshop.space_id,
            Workshop.price,
            Workshop.pay_at_venue,
            Workshop.bank_transfer,
            Workshop.max_seats_per_booking,
            Workshop.booking_cutoff_minutes,
            Workshop.cancellation_deadline_hours,
            Workshop.status,
        )
        .joinedload(Workshop.space)
        .load_only(Space.status)
    )
    .with_for_update(of=WorkshopSession)
    .execution_options(populate_existing=True)
)


def lock_session(db: Session, session_id: int) -> WorkshopSession:
    """The session, its row locked for this transaction, with its workshop and space."""
    sitting = db.scalar(_LOCK_SESSION, {"session_id": session_id})
    if sitting is None:
        raise NotFound(N_("We could not find that session."))
    return sitting


@dataclass(frozen=True)
class Locked:
    """A locked session, how many overdue holds and offers were released under the lock and,
    with ``person``, that person's active booking of the session (or None)."""

    sitting: WorkshopSession
    released: int = 0
    person_booking: Booking | None = None


@contextmanager
def seat_change(
    db: Session, session_id: int, now: datetime, *, person: int | None = None
) -> Iterator[Locked]:
    """The transaction of a change to a session's seats, its overdue holds and offers released.

    A ``BookingError`` raised in the block is raised again after the commit (the releases
    stand); anything else, or a refusal after a failed flush, rolls everything back.
    """
    refusal: BookingError | None = None
    with transaction(db):
        sitting = lock_session(db, session_id)
        released, theirs = release_overdue(db, sitting, now, person=person)
        try:
            yield Locked(sitting, released, theirs)
        except BookingError as error:
            if not db.is_active:  # a flush failed: nothing of this transaction can commit
                raise
            refusal = error
    if refusal is not None:
        raise refusal


@contextmanager
def booking_change(
    db: Session, booking_id: int, user_id: int | None, now: datetime
) -> Iterator[tuple[WorkshopSession, Booking]]:
    """``seat_change`` for one booking, re-read under the lock (it may have expired just now).
    ``user_id``: the person's own bookings only (another's is NotFound); None: staff, system."""
    session_id = _own(db, booking_id, user_id).session_id
    with seat_change(db, session_id, now) as locked:
        yield locked.sitting, reload_booking(db, booking_id)


def _own(db: Session, booking_id: int, user_id: int | None) -> Booking:
    booking = db.get(Booking, booking_id)
    if booking is None or (user_id is not None and booking.user_id != user_id):
        raise NotFound(N_("We could not find that booking."))
    return booking


def reload_booking(db: Session, booking_id: int) -> Booking:
    """A booking re-read under the session lock (its status may have changed meanwhile)."""
    return db.get_one(
        Booking,
        booking_id,
        populate_existing=True,
        options=[selectinload(Booking.payments), selectinload(Booking.refunds)],
    )


def end_booking(
    db: Session,
    booking: Booking,
    sitting: WorkshopSession,
    *,
    status: BookingStatus,
    by: EndedBy,
    now: datetime,
    refund_reason: RefundReason = RefundReason.CANCELLED,
) -> Refund | None:
    """End a booking: release its seats or its place in line, close its checkout, refund it."""
    was = booking.status
    booking.status = status
    booking.cancelled_at = now
    booking.ended_by = by
    booking.hold_expires_at = None
    booking.offer_expires_at = None
    if was in SEAT_HOLDING:
        sitting.seats_taken -= booking.seats
        record(db, SeatsReleased(sitting.id, booking.seats), now=now)
    elif was == BookingStatus.WAITLISTED:
        sitting.waitlist_length -= 1
    payment = open_payment_of(booking)
    if payment is not None:
        cancelled = status == BookingStatus.CANCELLED
        payment.status = PaymentStatus.CANCELLED if cancelled else PaymentStatus.EXPIRED
    refund = refund_what_was_paid(db, booking, reason=refund_reason, now=now)
    _record_ending(db, booking, was, status, by, refund, now)
    return refund


def _record_ending(db, booking, was, status, by, refund, now) -> None:
    ids = (booking.id, booking.session_id, booking.user_id)
    if status == BookingStatus.CANCELLED:
        record(db, BookingCancelled(*ids, by, refund.amount if refund else 0), now=now)
    elif was == BookingStatus.PENDING_PAYMENT:
        record(db, HoldExpired(*ids), now=now)
    elif was == BookingStatus.OFFERED:
        record(db, OfferExpired(*ids), now=now)
    elif was == BookingStatus.WAITLISTED:
        record(db, WaitlistClosed(*ids), now=now)


#: Holds and offers whose time is up.
OVERDUE = or_(
    and_(
        Booking.status == BookingStatus.PENDING_PAYMENT,
        Booking.hold_expires_at <= bindparam("now"),
    ),
    and_(Booking.status == BookingStatus.OFFERED, Booking.offer_expires_at <= bindparam("now")),
)


def _bookings_of_session(condition):
    """The session's bookings that meet ``condition`` (with their payments and refunds), and a
    plain statement saying whether there is any: most often there is none, and asking costs
    the ORM's loading machinery nothing."""
    where = (Booking.session_id == bindparam("session_id"), condition)
    load = (
        select(Booking)
        .where(*where)
        .options(selectinload(Booking.payments), selectinload(Booking.refunds))
        .order_by(Booking.id)
    )
    return select(Booking.id).where(*where).limit(1), load


_OVERDUE = _bookings_of_session(OVERDUE)
_OVERDUE_OR_THEIRS = _bookings_of_session(
    or_(
        OVERDUE,
        and_(Booking.user_id == bindparam("person"), Booking.status.in_(ACTIVE_BOOKINGS)),
    )
)


def _found(db: Session, queries, params: dict) -> list[Booking]:
    any_, load = queries
    if db.connection().execute(any_, params).first() is None:
        return []
    return list(db.scalars(load, params))


def release_overdue(
    db: Session, sitting: WorkshopSession, now: datetime, *, person: int | None = None
) -> tuple[int, Booking | None]:
    """Expire the session's overdue holds and offers (seats go back, and on to the waiting list)
    and, once booking has closed, the waiting list itself. The session must be locked.

    Returns how many holds and offers were released and, with ``person``, that person's active
    booking of the session, found by the same statement (booking a seat reads the session's
    bookings once).
    """
    params = {"session_id": sitting.id, "now": now}
    if person is None:
        found = _found(db, _OVERDUE, params)
    else:
        found = _found(db, _OVERDUE_OR_THEIRS, params | {"person": person})
    overdue = [b for b in found if is_overdue(b, now)]
    for booking in overdue:
        end_booking(db, booking, sitting, status=BookingStatus.EXPIRED, by=EndedBy.SYSTEM, now=now)
    closed = now >= policy.booking_closes_at(sitting) or sitting.status != SessionStatus.SCHEDULED
    if closed and sitting.waitlist_length:
        waiting = select(Booking).where(
            Booking.session_id == sitting.id, Booking.status == BookingStatus.WAITLISTED
        )
        for booking in db.scalars(waiting):
            end_booking(
                db, booking, sitting, status=BookingStatus.EXPIRED, by=EndedBy.SYSTEM, now=now
            )
    if overdue:
        offer_free_seats(db, sitting, now)
    return len(overdue), next((b for b in found if b.user_id == person and b.is_active), None)


def is_overdue(booking: Booking, now: datetime) -> bool:
    if booking.status == BookingStatus.PENDING_PAYMENT:
        return booking.hold_expires_at is not None and booking.hold_expires_at <= now
    if booking.status == BookingStatus.OFFERED:
        return booking.offer_expires_at is not None and booking.offer_expires_at <= now
    return False


def offer_free_seats(db: Session, sitting: WorkshopSession, now: datetime) -> int:
    """Offer free seats to the first people in line whose party fits; larger parties that do not
    fit keep their place. Returns the number of offers made."""
    free = sitting.seats_left
    if free <= 0 or sitting.waitlist_length == 0 or sitting.status != SessionStatus.SCHEDULED:
        return 0
    window = policy.offer_window(sitting, now)
    if window is None:
        return 0
    made = 0
    line = db.scalars(
        select(Booking)
        .where(Booking.session_id == sitting.id, Booking.status == BookingStatus.WAITLISTED)
        .order_by(Booking.queued_at, Booking.id)
    )
    for booking in line:
        if booking.seats > free:
            continue
        booking.status = BookingStatus.OFFERED
        booking.offer_expires_at = now + window
        sitting.seats_taken += booking.seats
        sitting.waitlist_length -= 1
        free -= booking.seats
        made += 1
        offer = SeatsOffered(booking.id, sitting.id, booking.user_id, booking.seats, now + window)
        record(db, offer, now=now)
        if free == 0:
            break
    return made
