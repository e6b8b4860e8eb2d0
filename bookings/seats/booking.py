"""Taking seats and giving them back: book, cancel.

Promises: capacity is never exceeded; a person has at most one active booking per session (a
partial unique index backs this up); every change records a domain event in the same
transaction.
"""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bookings.errors import (
    N_,
    AlreadyBooked,
    CardUnavailable,
    NotActive,
    SoldOut,
    TooLate,
    TooManyHolds,
    TransferUnavailable,
    invalid,
)
from bookings.events import BookingConfirmed, Event, JoinedWaitlist, SeatsHeld
from bookings.seats import policy
from bookings.seats.ledger import new_payment
from bookings.seats.locking import booking_change, end_booking, offer_free_seats, seat_change
from bookings.seats.transfers import TRANSFER, new_reference
from bookings.unit.outbox import record
from bookings.unit.rows import add_to, insert_new
from models import Booking, Payee, Workshop, WorkshopSession
from models.statuses import BookingStatus, EndedBy, PaymentMethod

#: Crockford's base32: no I, L, O or U, so codes read aloud and typed at the door survive.
_TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

#: How long seats stay held while a bank transfer is on its way, unless configured otherwise.
TRANSFER_HOLD = timedelta(minutes=30)
#: The gateway name of a server with no card provider: booking by card is refused up front.
NO_CARD = "none"

#: A person may hold seats for payment in this many sessions at once: a script cannot lock up
#: the network's seats for half an hour at a time.
MAX_OPEN_HOLDS = 3


def new_ticket_code() -> str:
    """``7K2MQ-9XD4F``: 50 random bits, unguessable and short enough to type."""
    raw = "".join(secrets.choice(_TICKET_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def book_seats(
    db: Session,
    *,
    session_id: int,
    user_id: int,
    seats: int,
    now: datetime,
    gateway: str,
    hold: timedelta,
    payment: str | None = None,
    join_waitlist: bool = False,
    transfer_hold: timedelta = TRANSFER_HOLD,
) -> Booking:
    """Take ``seats`` seats for the person, or a place on the waiting list.

    Free sessions and pay-at-venue bookings are confirmed at once; card payments hold the seats
    until ``now + hold`` and open a payment through the ``gateway`` named; bank transfers hold
    them for ``transfer_hold`` and wait for money carrying the payment's reference. Raises
    SessionClosed, AlreadyBooked, SoldOut (when full and not ``join_waitlist``), TooManyHolds,
    TransferUnavailable (the space takes no transfers) or InvalidInput (seats out of range,
    payment not allowed).
    """
    with seat_change(db, session_id, now, person=user_id) as locked:
        sitting = locked.sitting
        policy.ensure_bookable(sitting, now)
        check_seats(sitting.workshop, sitting, seats)
        method = _payment_method(db, sitting.workshop, payment, gateway)
        if locked.person_booking is not None:
            raise AlreadyBooked()
        fits = sitting.seats_left >= seats
        if not fits and not join_waitlist:
            raise SoldOut()
        if fits and method in (PaymentMethod.CARD, PaymentMethod.BANK_TRANSFER):
            _ensure_few_holds(db, user_id, now)
        booking = new_booking(sitting, user_id, seats, method, now)
        holds = {"gateway": gateway, "hold": hold, "transfer_hold": transfer_hold}
        place_booking(db, sitting, booking, fits=fits, now=now, **holds)
    return booking


def new_booking(
    sitting: WorkshopSession, user_id: int, seats: int, method: PaymentMethod, now: datetime
) -> Booking:
    """A booking of the session with its ticket code and price, not yet placed."""
    return Booking(
        session_id=sitting.id,
        user_id=user_id,
        seats=seats,
        payment_method=method,
        amount=policy.price_of(sitting.workshop, seats),
        ticket_code=new_ticket_code(),
        queued_at=now,
        created_at=now,
        payments=[],
        refunds=[],
    )


def _payment_method(
    db: Session, workshop: Workshop, requested: str | None, gateway: str
) -> PaymentMethod:
    if workshop.price == 0:
        return PaymentMethod.FREE
    if requested == PaymentMethod.BANK_TRANSFER:
        if not workshop.bank_transfer or db.get(Payee, workshop.space_id) is None:
            raise TransferUnavailable()
        return PaymentMethod.BANK_TRANSFER
    if requested in (None, PaymentMethod.CARD):
        if gateway == NO_CARD:
            raise CardUnavailable()
        return PaymentMethod.CARD
    if requested == PaymentMethod.AT_VENUE and workshop.pay_at_venue:
        return PaymentMethod.AT_VENUE
    if requested == PaymentMethod.AT_VENUE:
        raise invalid("payment", N_("this workshop is paid by card only"))
    choices = ", ".join((PaymentMethod.CARD, PaymentMethod.AT_VENUE, PaymentMethod.BANK_TRANSFER))
    raise invalid("payment", N_("must be one of: %(choices)s"), choices=choices)


def check_seats(workshop: Workshop, sitting: WorkshopSession, seats: int) -> None:
    most = min(workshop.max_seats_per_booking, sitting.capacity)
    if not 1 <= seats <= most:
        raise invalid("seats", N_("must be 1 to %(n)d"), n=most)


def _ensure_few_holds(db: Session, user_id: int, now: datetime) -> None:
    held = db.scalar(
        select(func.count()).where(
            Booking.user_id == user_id,
            Booking.status == BookingStatus.PENDING_PAYMENT,
            Booking.hold_expires_at > now,
        )
    )
    if held >= MAX_OPEN_HOLDS:
        raise TooManyHolds(n=MAX_OPEN_HOLDS)


def place_booking(
    db: Session,
    sitting: WorkshopSession,
    booking: Booking,
    *,
    fits: bool,
    now: datetime,
    gateway: str | None = None,
    hold: timedelta | None = None,
    transfer_hold: timedelta = TRANSFER_HOLD,
) -> None:
    """Seats for the new booking, or a place in line; then its event (once it has an id).
    The session is locked; ``gateway`` and ``hold`` are a card payment's, ``transfer_hold`` a
    bank transfer's."""
    if fits:
        event = hold_or_confirm(
            db, booking, gateway=gateway, hold=hold, transfer_hold=transfer_hold, now=now
        )
        counters = {"seats_taken": booking.seats}
    else:
        booking.status = BookingStatus.WAITLISTED
        counters = {"waitlist_length": 1}

        def event() -> Event:
            return JoinedWaitlist(booking.id, sitting.id, booking.user_id, booking.seats)

    if not insert_new(db, booking):  # the partial unique index: a concurrent second booking
        raise AlreadyBooked()
    add_to(db, sitting, **counters)
    record(db, event(), now=now)


def hold_or_confirm(
    db: Session,
    booking: Booking,
    *,
    now: datetime,
    gateway: str | None = None,
    hold: timedelta | None = None,
    transfer_hold: timedelta = TRANSFER_HOLD,
) -> Callable[[], Event]:
    """Seats that are the person's now: confirmed, or held while they pay by card through the
    ``gateway`` named, for ``hold``, or by bank transfer, for ``transfer_hold``.

    Returns the event to record once the booking has its id (the caller flushes once).
    """
    booking.offer_expires_at = None
    if booking.payment_method == PaymentMethod.BANK_TRANSFER:
        booking.status = BookingStatus.PENDING_PAYMENT
        booking.hold_expires_at = now + transfer_hold
        payment = new_payment(
            booking, TRANSFER, expires_at=booking.hold_expires_at, reference=new_reference()
        )
        db.add(payment)
        return lambda: SeatsHeld(
            booking.id, booking.session_id, booking.user_id, booking.seats, booking.hold_expires_at
        )
    if booking.payment_method == PaymentMethod.CARD:
        if gateway is None or hold is None:
            raise ValueError("a card payment needs its gateway and the length of its hold")
        booking.status = BookingStatus.PENDING_PAYMENT
        booking.hold_expires_at = now + hold
        db.add(new_payment(booking, gateway, expires_at=booking.hold_expires_at))
        return lambda: SeatsHeld(
            booking.id, booking.session_id, booking.user_id, booking.seats, booking.hold_expires_at
        )
    booking.status = BookingStatus.CONFIRMED
    booking.confirmed_at = now
    return lambda: BookingConfirmed(
        booking.id, booking.session_id, booking.user_id, booking.seats, False
    )


def cancel_booking(
    db: Session,
    *,
    booking_id: int,
    user_id: int | None,
    now: datetime,
    by: EndedBy = EndedBy.PERSON,
) -> Booking:
    """Cancel a booking or leave the waiting list.

    Seats go back (and are offered on) at once; a paid booking is refunded in full. A confirmed
    booking can be cancelled by its person only until the workshop's deadline (TooLate after);
    a pending, waitlisted or offered one at any time. NotActive when it has already ended.
    """
    with booking_change(db, booking_id, user_id, now) as (sitting, booking):
        if not booking.is_active:
            raise NotActive()
        if by == EndedBy.PERSON and policy.too_late_to_cancel(booking, now):
            raise TooLate()
        end_booking(db, booking, sitting, status=BookingStatus.CANCELLED, by=by, now=now)
        offer_free_seats(db, sitting, now)
    return booking
