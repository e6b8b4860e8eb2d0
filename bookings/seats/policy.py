"""The booking rules that depend on time: when booking closes, until when people may cancel, how
long seats are held for a payment and how long a waiting-list offer stays open."""

from datetime import datetime, timedelta

from bookings.errors import N_, SessionClosed, SpaceSuspended
from models import Booking, Space, Workshop, WorkshopSession
from models.statuses import BookingStatus, SessionStatus, SpaceStatus, WorkshopStatus

#: How long seats are held while a person pays by card. It outlasts a Stripe Checkout Session,
#: whose shortest life is 30 minutes, so the payment page always closes before the hold ends.
DEFAULT_HOLD = timedelta(minutes=35)

#: Bounds of a waiting-list offer's window.
SHORTEST_OFFER = timedelta(minutes=15)
LONGEST_OFFER = timedelta(hours=24)


def booking_closes_at(sitting: WorkshopSession) -> datetime:
    """Bookings close at the start, or the workshop's cut-off before it."""
    return sitting.starts_at - timedelta(minutes=sitting.workshop.booking_cutoff_minutes)


def cancellation_deadline(sitting: WorkshopSession) -> datetime:
    """People may cancel (and get their money back) until then."""
    return sitting.starts_at - timedelta(hours=sitting.workshop.cancellation_deadline_hours)


def ensure_bookable(sitting: WorkshopSession, now: datetime) -> None:
    """Raise ``SessionClosed`` unless the session is scheduled and booking is still open."""
    if sitting.status != SessionStatus.SCHEDULED:
        raise SessionClosed(N_("This session is cancelled."))
    workshop = sitting.workshop
    ensure_open_to_people(workshop.space)
    if workshop.status != WorkshopStatus.ACTIVE:
        raise SessionClosed()
    if now >= booking_closes_at(sitting):
        raise SessionClosed(N_("Booking for this session has closed."))


def ensure_open_to_people(space: Space) -> None:
    """Raise ``SessionClosed`` when the space is suspended: no bookings, no places in line, no
    accepted offers and no payments for held seats."""
    if space.status != SpaceStatus.ACTIVE:
        raise SessionClosed(N_("This space is suspended: it takes no bookings for now."))


def takes_payments(space: Space) -> bool:
    """Whether the space's held seats may be paid: not while it is suspended (its payment
    details are not shown, and money that arrives is left unmatched for staff to give back)."""
    return space.status == SpaceStatus.ACTIVE


def ensure_space_acts(space: Space) -> None:
    """Raise ``SpaceSuspended`` when the space is suspended. Its staff keep the door (check-in,
    paid at the door, no-shows, notes) and may cancel sessions (with refunds); every other staff
    change (walk-ins, workshops, sessions, moves, capacity, edits) passes through here."""
    if space.status != SpaceStatus.ACTIVE:
        raise SpaceSuspended()


def too_late_to_cancel(booking: Booking, now: datetime) -> bool:
    """A person may cancel a confirmed booking until the deadline; a pending, waitlisted or
    offered one at any time."""
    return booking.status == BookingStatus.CONFIRMED and now > cancellation_deadline(
        booking.session
    )


def offer_window(sitting: WorkshopSession, now: datetime) -> timedelta | None:
    """How long a waiting-list offer stays open, or None when no offer can be made any more.

    An eighth of the time left until booking closes, between 15 minutes and 24 hours, and never
    beyond the close: a session three weeks away gives a day to answer, one four days away 12
    hours, tomorrow's 3 hours, tonight's (6 h away) 45 minutes, one within two hours 15 minutes.
    """
    left = booking_closes_at(sitting) - now
    if left <= timedelta(0):
        return None
    return min(max(left / 8, SHORTEST_OFFER), LONGEST_OFFER, left)


def price_of(workshop: Workshop, seats: int) -> int:
    return workshop.price * seats
