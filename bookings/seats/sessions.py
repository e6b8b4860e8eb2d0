"""Staff change a session: its capacity, its time or place, or cancel it altogether."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bookings.errors import N_, SessionClosed, invalid
from bookings.events import CapacityChanged, SessionCancelled, SessionMoved
from bookings.seats import policy
from bookings.seats.locking import (
    end_booking,
    lock_session,
    offer_free_seats,
    release_overdue,
    seat_change,
)
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, WorkshopSession
from models.statuses import ACTIVE_BOOKINGS, BookingStatus, EndedBy, RefundReason, SessionStatus
from models.workshop import MAX_CAPACITY

#: The longest message staff may send with a cancellation.
MAX_MESSAGE = 1000
#: The longest place (a room, another venue's address).
MAX_LOCATION = 300


def change_capacity(
    db: Session, *, session_id: int, capacity: int, now: datetime
) -> WorkshopSession:
    """Staff raise or lower a session's capacity, never below the seats taken.

    Raised capacity is offered to the waiting list at once. SpaceSuspended when the space is.
    """
    with seat_change(db, session_id, now) as locked:
        sitting = locked.sitting
        policy.ensure_space_acts(sitting.workshop.space)
        least = max(1, sitting.seats_taken)
        if capacity < least:
            raise invalid("capacity", N_("must be at least %(n)d (the seats taken)"), n=least)
        if capacity > MAX_CAPACITY:
            raise invalid("capacity", N_("must be at most %(n)d"), n=MAX_CAPACITY)
        old = sitting.capacity
        if capacity != old:
            sitting.capacity = capacity
            record(db, CapacityChanged(sitting.id, old, capacity), now=now)
            offer_free_seats(db, sitting, now)
    return sitting


def cancel_session(
    db: Session, *, session_id: int, now: datetime, message: str = ""
) -> WorkshopSession:
    """Staff cancel a session: every booking and place in line ends (by staff), paid bookings
    are refunded in full, and calendars show it cancelled (SEQUENCE rises).

    Cancelling a cancelled session changes nothing. Staff of a suspended space may cancel too.
    """
    message = " ".join(message.split())
    if len(message) > MAX_MESSAGE:
        raise invalid("message", N_("must have at most %(n)d characters"), n=MAX_MESSAGE)
    with transaction(db):
        sitting = lock_session(db, session_id)
        if sitting.status == SessionStatus.CANCELLED:
            return sitting
        active = list(
            db.scalars(
                select(Booking)
                .where(Booking.session_id == sitting.id, Booking.status.in_(ACTIVE_BOOKINGS))
                .options(selectinload(Booking.payments), selectinload(Booking.refunds))
                .order_by(Booking.id)
            )
        )
        for booking in active:
            end_booking(
                db,
                booking,
                sitting,
                status=BookingStatus.CANCELLED,
                by=EndedBy.STAFF,
                now=now,
                refund_reason=RefundReason.SESSION_CANCELLED,
            )
        sitting.status = SessionStatus.CANCELLED
        sitting.sequence += 1
        sitting.updated_at = now
        record(db, SessionCancelled(sitting.id, message, len(active)), now=now)
    return sitting


def move_session(
    db: Session,
    *,
    session_id: int,
    starts_at: datetime,
    now: datetime,
    ends_at: datetime | None = None,
    location: str | None = None,
) -> WorkshopSession:
    """Staff change a session's time (by default keeping its length) or its place (``location``:
    another room or venue; "" for the space's own address; None keeps it): bookings stand,
    calendars update (SEQUENCE rises) and booked people are told (``SessionMoved``). The close
    of booking moves too: what is overdue is released, and free seats are offered to the
    waiting list (a move later can reopen booking for seats that came free while it was
    closed). SpaceSuspended when the space is."""
    if location is not None:
        location = " ".join(location.split())
        if len(location) > MAX_LOCATION:
            raise invalid("location", N_("must have at most %(n)d characters"), n=MAX_LOCATION)
    with transaction(db):
        sitting = lock_session(db, session_id)
        policy.ensure_space_acts(sitting.workshop.space)
        if sitting.status != SessionStatus.SCHEDULED:
            raise SessionClosed(N_("This session is cancelled."))
        ends_at = _checked_times(sitting, starts_at, ends_at, now)
        old, old_location = sitting.starts_at, sitting.location
        new_location = old_location if location is None else location
        if (starts_at, ends_at, new_location) != (sitting.starts_at, sitting.ends_at, old_location):
            sitting.starts_at, sitting.ends_at = starts_at, ends_at
            sitting.location = new_location
            sitting.sequence += 1
            sitting.updated_at = now
            moved = SessionMoved(sitting.id, old, starts_at, ends_at, old_location, new_location)
            record(db, moved, now=now)
        release_overdue(db, sitting, now)
        offer_free_seats(db, sitting, now)
    return sitting


def _checked_times(
    sitting: WorkshopSession, starts_at: datetime, ends_at: datetime | None, now: datetime
) -> datetime:
    """The new end (the session's length kept when none is given); InvalidInput if wrong."""
    if starts_at <= now:
        raise invalid("starts_at", N_("must be in the future"))
    if starts_at > now + timedelta(days=2 * 365):
        raise invalid("starts_at", N_("must be within two years"))
    ends_at = ends_at or starts_at + (sitting.ends_at - sitting.starts_at)
    if ends_at <= starts_at:
        raise invalid("ends_at", N_("must be after the start"))
    if ends_at - starts_at > timedelta(days=1):
        raise invalid("ends_at", N_("must be within a day of the start"))
    return ends_at
