"""Booking seats: book, pay, cancel, wait, accept or decline an offer, change capacity.

Every use case here owns its transaction and begins by locking the session's row
(``lock_session``: ``SELECT … FOR UPDATE`` on PostgreSQL, an IMMEDIATE transaction on SQLite), so
everything that changes a session's seats happens one at a time. Inside that lock:

- expired holds and offers are released first (``_release_expired``), so they free their seats
  even when no background job runs;
- ``WorkshopSession.seats_taken`` moves with every change of held, confirmed or offered seats, and
  its CHECK constraint (0 ≤ seats_taken ≤ capacity) is the last line of defence;
- seats that come free are offered to the waiting list at once (``_offer_free_seats``).

Promises: capacity is never exceeded; a person has at most one active booking per session (a
partial unique index backs this up); every change records a domain event in the same
transaction.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from bookings import outbox, policy
from bookings.errors import (
    N_,
    AlreadyBooked,
    BookingError,
    NoOffer,
    NotActive,
    NotFound,
    SessionClosed,
    SoldOut,
    TooLate,
    TooManyHolds,
    invalid,
)
from bookings.events import (
    BookingCancelled,
    BookingConfirmed,
    CapacityChanged,
    Event,
    HoldExpired,
    JoinedWaitlist,
    OfferDeclined,
    OfferExpired,
    PaymentReceived,
    RefundDue,
    SeatsHeld,
    SeatsOffered,
    SeatsReleased,
    SessionCancelled,
    SessionMoved,
    WaitlistClosed,
)
from bookings.mine import active_booking
from bookings.payments import new_payment, open_payment_of, payment_by_reference, refundable
from bookings.transactions import transaction
from models import Booking, Payment, Refund, Space, Workshop, WorkshopSession
from models.booking import ACTIVE_STATUSES, SEAT_HOLDING_STATUSES
from models.workshop import MAX_CUTOFF_MINUTES

log = logging.getLogger(__name__)

#: Crockford's base32: no I, L, O or U, so codes read aloud and typed at the door survive.
_TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_ticket_code() -> str:
    """``7K2MQ-9XD4F``: 50 random bits, unguessable and short enough to type."""
    raw = "".join(secrets.choice(_TICKET_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


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


def _locked_booking(
    db: Session, booking_id: int, user_id: int | None, now: datetime
) -> tuple[WorkshopSession, Booking]:
    """The person's booking and its session, locked, with overdue holds and offers released
    first (the booking itself may have expired). Another person's booking is NotFound."""
    session_id = _own(db, booking_id, user_id).session_id
    sitting = lock_session(db, session_id)
    _release_expired(db, sitting, now)
    return sitting, _reload(db, booking_id)


def _reload(db: Session, booking_id: int) -> Booking:
    """A booking re-read under the session lock (its status may have changed meanwhile)."""
    return db.get_one(
        Booking,
        booking_id,
        populate_existing=True,
        options=[selectinload(Booking.payments), selectinload(Booking.refunds)],
    )


def _record(db: Session, event, now: datetime) -> None:
    outbox.record(db, event, now=now)


def _release_seats(db: Session, sitting: WorkshopSession, seats: int, now: datetime) -> None:
    sitting.seats_taken -= seats
    _record(db, SeatsReleased(sitting.id, seats), now)


def _payment_method(workshop: Workshop, requested: str | None) -> str:
    if workshop.price == 0:
        return "free"
    if requested in (None, "card"):
        return "card"
    if requested == "at_venue" and workshop.pay_at_venue:
        return "at_venue"
    if requested == "at_venue":
        raise invalid("payment", N_("this workshop is paid by card only"))
    raise invalid("payment", N_("must be one of: %(choices)s"), choices="card, at_venue")


def _check_seats(workshop: Workshop, sitting: WorkshopSession, seats: int) -> None:
    most = min(workshop.max_seats_per_booking, sitting.capacity)
    if not 1 <= seats <= most:
        raise invalid("seats", N_("must be 1 to %(n)d"), n=most)


def _hold_or_confirm(
    db: Session, booking: Booking, *, gateway: str, hold: timedelta, now: datetime
) -> Callable[[], Event]:
    """Seats that are the person's now: confirmed, or held while they pay by card.

    Returns the event to record once the booking has its id (the caller flushes once).
    """
    booking.offer_expires_at = None
    if booking.payment_method == "card":
        booking.status = "pending_payment"
        booking.hold_expires_at = now + hold
        db.add(new_payment(booking, gateway, expires_at=booking.hold_expires_at))
        return lambda: SeatsHeld(
            booking.id, booking.session_id, booking.user_id, booking.seats, booking.hold_expires_at
        )
    booking.status = "confirmed"
    booking.confirmed_at = now
    return lambda: BookingConfirmed(
        booking.id, booking.session_id, booking.user_id, booking.seats, False
    )


def book_seats(
    db: Session,
    *,
    session_id: int,
    user_id: int,
    seats: int,
    now: datetime,
    payment: str | None = None,
    join_waitlist: bool = False,
    gateway: str = "demo",
    hold: timedelta = policy.DEFAULT_HOLD,
) -> Booking:
    """Take ``seats`` seats for the person, or a place on the waiting list.

    Free sessions and pay-at-venue bookings are confirmed at once; card payments hold the seats
    until ``now + hold``. Raises SessionClosed, AlreadyBooked, SoldOut (when full and not
    ``join_waitlist``) or InvalidInput (seats out of range, payment not allowed).
    """
    refusal = Refusal()
    with transaction(db):
        sitting = lock_session(db, session_id)
        already = _release_expired(db, sitting, now, person=user_id).person_booking
        with refusal:
            policy.ensure_bookable(sitting, now)
            _check_seats(sitting.workshop, sitting, seats)
            method = _payment_method(sitting.workshop, payment)
            if already is not None:
                raise AlreadyBooked()
            fits = sitting.seats_left >= seats
            if not fits and not join_waitlist:
                raise SoldOut()
            if fits and method == "card":
                _ensure_few_holds(db, user_id, now)
        if not refusal:
            booking = _add_booking(
                db, sitting, user_id, seats, method, fits, gateway=gateway, hold=hold, now=now
            )
    refusal.raise_it()
    return booking


#: A person may hold seats for payment in this many sessions at once: a script cannot lock up
#: the network's seats for half an hour at a time.
MAX_OPEN_HOLDS = 3


def _ensure_few_holds(db: Session, user_id: int, now: datetime) -> None:
    held = db.scalar(
        select(func.count()).where(
            Booking.user_id == user_id,
            Booking.status == "pending_payment",
            Booking.hold_expires_at > now,
        )
    )
    if held >= MAX_OPEN_HOLDS:
        raise TooManyHolds(n=MAX_OPEN_HOLDS)


def _add_booking(
    db: Session,
    sitting: WorkshopSession,
    user_id: int,
    seats: int,
    method: str,
    fits: bool,
    *,
    gateway: str,
    hold: timedelta,
    now: datetime,
) -> Booking:
    booking = Booking(
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
    if fits:
        sitting.seats_taken += seats
        event = _hold_or_confirm(db, booking, gateway=gateway, hold=hold, now=now)
    else:
        booking.status = "waitlisted"
        sitting.waitlist_length += 1
        event = lambda: JoinedWaitlist(booking.id, sitting.id, user_id, seats)  # noqa: E731
    db.add(booking)
    try:
        db.flush()
    except IntegrityError:  # the partial unique index: a concurrent second booking
        raise AlreadyBooked() from None
    _record(db, event(), now)
    return booking


class Refusal:
    """``with refusal:`` around a use case's checks: a BookingError they raise is kept and
    raised again (``raise_it``) after the transaction commits, so the overdue holds and offers
    released before the checks stay released. The checks must write nothing themselves."""

    def __init__(self) -> None:
        self.error: BookingError | None = None

    def __enter__(self) -> "Refusal":
        return self

    def __exit__(self, kind, error, _traceback) -> bool:
        if isinstance(error, BookingError):
            self.error = error
            return True
        return False

    def __bool__(self) -> bool:
        return self.error is not None

    def raise_it(self) -> None:
        if self.error is not None:
            raise self.error


def _own(db: Session, booking_id: int, user_id: int | None) -> Booking:
    """The booking, if it is this person's (``user_id`` None: staff or the system)."""
    booking = db.get(Booking, booking_id)
    if booking is None or (user_id is not None and booking.user_id != user_id):
        raise NotFound(N_("We could not find that booking."))
    return booking


def _end(
    db: Session,
    booking: Booking,
    sitting: WorkshopSession,
    *,
    status: str,
    by: str,
    now: datetime,
    refund_reason: str = "cancelled",
) -> Refund | None:
    """End a booking: release its seats or its place in line, close its checkout, refund it."""
    was = booking.status
    booking.status = status
    booking.cancelled_at = now
    booking.ended_by = by
    booking.hold_expires_at = None
    booking.offer_expires_at = None
    if was in SEAT_HOLDING_STATUSES:
        _release_seats(db, sitting, booking.seats, now)
    elif was == "waitlisted":
        sitting.waitlist_length -= 1
    payment = open_payment_of(booking)
    if payment is not None:
        payment.status = "cancelled" if status == "cancelled" else "expired"
    refund = _refund_what_was_paid(db, booking, reason=refund_reason, now=now)
    if status == "cancelled":
        _record(
            db,
            BookingCancelled(
                booking.id, sitting.id, booking.user_id, by, refund.amount if refund else 0
            ),
            now,
        )
    elif was == "pending_payment":
        _record(db, HoldExpired(booking.id, sitting.id, booking.user_id), now)
    elif was == "offered":
        _record(db, OfferExpired(booking.id, sitting.id, booking.user_id), now)
    elif was == "waitlisted":
        _record(db, WaitlistClosed(booking.id, sitting.id, booking.user_id), now)
    return refund


def _refund_what_was_paid(
    db: Session, booking: Booking, *, reason: str, now: datetime
) -> Refund | None:
    """Record a full refund of the booking's paid payments, less what was refunded already."""
    due = refundable(booking)
    if due <= 0:
        return None
    payment = [p for p in booking.payments if p.status == "paid"][-1]
    refund = Refund(booking=booking, payment=payment, amount=due, reason=reason, created_at=now)
    db.add(refund)
    db.flush()
    _record(db, RefundDue(refund.id, booking.id, due, reason), now)
    return refund


def cancel_booking(
    db: Session, *, booking_id: int, user_id: int | None, now: datetime, by: str = "person"
) -> Booking:
    """Cancel a booking or leave the waiting list.

    Seats go back (and are offered on) at once; a paid booking is refunded in full. A confirmed
    booking can be cancelled by its person only until the workshop's deadline (TooLate after);
    a pending, waitlisted or offered one at any time. NotActive when it has already ended.
    """
    refusal = Refusal()
    with transaction(db):
        sitting, booking = _locked_booking(db, booking_id, user_id, now)
        with refusal:
            if not booking.is_active:
                raise NotActive()
            if by == "person" and policy.too_late_to_cancel(booking, now):
                raise TooLate()
        if not refusal:
            _end(db, booking, sitting, status="cancelled", by=by, now=now)
            _offer_free_seats(db, sitting, now)
    refusal.raise_it()
    return booking


def accept_offer(
    db: Session,
    *,
    booking_id: int,
    user_id: int,
    now: datetime,
    gateway: str = "demo",
    hold: timedelta = policy.DEFAULT_HOLD,
) -> Booking:
    """Take the seats a waiting-list offer holds: confirmed, or held while the person pays.

    NoOffer when no offer is open (never made, declined, or expired).
    """
    refusal = Refusal()
    with transaction(db):
        sitting, booking = _locked_booking(db, booking_id, user_id, now)
        with refusal:
            if booking.status != "offered":
                raise NoOffer()
        if not refusal:
            event = _hold_or_confirm(db, booking, gateway=gateway, hold=hold, now=now)
            db.flush()
            _record(db, event(), now)
    refusal.raise_it()
    return booking


def decline_offer(db: Session, *, booking_id: int, user_id: int, now: datetime) -> Booking:
    """Say no to a waiting-list offer: the seats pass to the next person in line."""
    refusal = Refusal()
    with transaction(db):
        sitting, booking = _locked_booking(db, booking_id, user_id, now)
        with refusal:
            if booking.status != "offered":
                raise NoOffer()
        if not refusal:
            _end(db, booking, sitting, status="cancelled", by="person", now=now)
            _record(db, OfferDeclined(booking.id, sitting.id, booking.user_id), now)
            _offer_free_seats(db, sitting, now)
    refusal.raise_it()
    return booking


def change_capacity(db: Session, *, session_id: int, capacity: int, now: datetime):
    """Staff raise or lower a session's capacity, never below the seats taken.

    Raised capacity is offered to the waiting list at once.
    """
    refusal = Refusal()
    with transaction(db):
        sitting = lock_session(db, session_id)
        _release_expired(db, sitting, now)
        least = max(1, sitting.seats_taken)
        with refusal:
            if capacity < least:
                raise invalid("capacity", N_("must be at least %(n)d (the seats taken)"), n=least)
        old = sitting.capacity
        if not refusal and capacity != old:
            sitting.capacity = capacity
            _record(db, CapacityChanged(sitting.id, old, capacity), now)
            _offer_free_seats(db, sitting, now)
    refusal.raise_it()
    return sitting


def cancel_session(
    db: Session, *, session_id: int, now: datetime, message: str = ""
) -> WorkshopSession:
    """Staff cancel a session: every booking and place in line ends (``by="staff"``), paid
    bookings are refunded in full, and calendars show it cancelled (SEQUENCE rises).

    Cancelling a cancelled session changes nothing.
    """
    message = " ".join(message.split())
    if len(message) > 1000:
        raise invalid("message", N_("must have at most %(n)d characters"), n=1000)
    with transaction(db):
        sitting = lock_session(db, session_id)
        if sitting.status == "cancelled":
            return sitting
        active = list(
            db.scalars(
                select(Booking)
                .where(Booking.session_id == sitting.id, Booking.status.in_(ACTIVE_STATUSES))
                .options(selectinload(Booking.payments), selectinload(Booking.refunds))
                .order_by(Booking.id)
            )
        )
        for booking in active:
            _end(
                db,
                booking,
                sitting,
                status="cancelled",
                by="staff",
                now=now,
                refund_reason="session_cancelled",
            )
        sitting.status = "cancelled"
        sitting.sequence += 1
        sitting.updated_at = now
        _record(db, SessionCancelled(sitting.id, message, len(active)), now)
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
    closed)."""
    if location is not None:
        location = " ".join(location.split())
        if len(location) > 300:
            raise invalid("location", N_("must have at most %(n)d characters"), n=300)
    with transaction(db):
        sitting = lock_session(db, session_id)
        if sitting.status != "scheduled":
            raise SessionClosed(N_("This session is cancelled."))
        if starts_at <= now:
            raise invalid("starts_at", N_("must be in the future"))
        if starts_at > now + timedelta(days=2 * 365):
            raise invalid("starts_at", N_("must be within two years"))
        ends_at = ends_at or starts_at + (sitting.ends_at - sitting.starts_at)
        if ends_at <= starts_at:
            raise invalid("ends_at", N_("must be after the start"))
        if ends_at - starts_at > timedelta(days=1):
            raise invalid("ends_at", N_("must be within a day of the start"))
        old, old_location = sitting.starts_at, sitting.location
        new_location = old_location if location is None else location
        if (starts_at, ends_at, new_location) != (sitting.starts_at, sitting.ends_at, old_location):
            sitting.starts_at, sitting.ends_at = starts_at, ends_at
            sitting.location = new_location
            sitting.sequence += 1
            sitting.updated_at = now
            moved = SessionMoved(sitting.id, old, starts_at, ends_at, old_location, new_location)
            _record(db, moved, now)
        _release_expired(db, sitting, now)
        _offer_free_seats(db, sitting, now)
    return sitting


_OVERDUE_CONDITION = or_(
    and_(Booking.status == "pending_payment", Booking.hold_expires_at <= bindparam("now")),
    and_(Booking.status == "offered", Booking.offer_expires_at <= bindparam("now")),
)


def _bookings_of_session(condition):
    return (
        select(Booking)
        .where(Booking.session_id == bindparam("session_id"), condition)
        .options(selectinload(Booking.payments), selectinload(Booking.refunds))
        .order_by(Booking.id)
    )


_OVERDUE = _bookings_of_session(_OVERDUE_CONDITION)
_OVERDUE_OR_THEIRS = _bookings_of_session(
    or_(
        _OVERDUE_CONDITION,
        and_(
            Booking.user_id == bindparam("person"),
            Booking.status.in_(ACTIVE_STATUSES),
        ),
    )
)


@dataclass(frozen=True)
class _Released:
    count: int
    #: With ``person``: that person's booking of the session that is still active, if any.
    person_booking: Booking | None = None


def _release_expired(
    db: Session, sitting: WorkshopSession, now: datetime, *, person: int | None = None
) -> _Released:
    """Expire the session's overdue holds and offers (seats go back, and on to the waiting list)
    and, once booking has closed, the waiting list itself. The session must be locked.

    With ``person``, the same statement also finds that person's active booking of the session:
    booking a seat reads the session's bookings once.
    """
    params = {"session_id": sitting.id, "now": now}
    if person is None:
        found = list(db.scalars(_OVERDUE, params))
    else:
        found = list(db.scalars(_OVERDUE_OR_THEIRS, params | {"person": person}))
    overdue = [b for b in found if _is_overdue(b, now)]
    for booking in overdue:
        _end(db, booking, sitting, status="expired", by="system", now=now)
    closed = now >= policy.booking_closes_at(sitting) or sitting.status != "scheduled"
    if closed and sitting.waitlist_length:
        for booking in db.scalars(
            select(Booking).where(Booking.session_id == sitting.id, Booking.status == "waitlisted")
        ):
            _end(db, booking, sitting, status="expired", by="system", now=now)
    if overdue:
        _offer_free_seats(db, sitting, now)
    theirs = next((b for b in found if b.user_id == person and b.is_active), None)
    return _Released(len(overdue), theirs)


def _is_overdue(booking: Booking, now: datetime) -> bool:
    if booking.status == "pending_payment":
        return booking.hold_expires_at is not None and booking.hold_expires_at <= now
    if booking.status == "offered":
        return booking.offer_expires_at is not None and booking.offer_expires_at <= now
    return False


def _offer_free_seats(db: Session, sitting: WorkshopSession, now: datetime) -> int:
    """Offer free seats to the first people in line whose party fits; larger parties that do not
    fit keep their place. Returns the number of offers made."""
    free = sitting.seats_left
    if free <= 0 or sitting.waitlist_length == 0 or sitting.status != "scheduled":
        return 0
    window = policy.offer_window(sitting, now)
    if window is None:
        return 0
    made = 0
    line = db.scalars(
        select(Booking)
        .where(Booking.session_id == sitting.id, Booking.status == "waitlisted")
        .order_by(Booking.queued_at, Booking.id)
    )
    for booking in line:
        if booking.seats > free:
            continue
        booking.status = "offered"
        booking.offer_expires_at = now + window
        sitting.seats_taken += booking.seats
        sitting.waitlist_length -= 1
        free -= booking.seats
        made += 1
        _record(
            db,
            SeatsOffered(booking.id, sitting.id, booking.user_id, booking.seats, now + window),
            now,
        )
        if free == 0:
            break
    return made


def release_expired(db: Session, *, now: datetime) -> int:
    """The job: release every overdue hold and offer, session by session; return how many.

    Also ends the waiting lists of sessions whose booking has closed.
    """
    overdue_sessions = select(Booking.session_id).where(
        or_(
            and_(Booking.status == "pending_payment", Booking.hold_expires_at <= now),
            and_(Booking.status == "offered", Booking.offer_expires_at <= now),
        )
    )
    waiting = db.execute(
        select(WorkshopSession.id, WorkshopSession.starts_at, Workshop.booking_cutoff_minutes)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            WorkshopSession.waitlist_length > 0,
            WorkshopSession.starts_at <= now + timedelta(minutes=MAX_CUTOFF_MINUTES),
        )
    )
    closed_lists = {
        session_id
        for session_id, starts_at, cutoff in waiting
        if starts_at - timedelta(minutes=cutoff) <= now
    }
    session_ids = sorted(set(db.scalars(overdue_sessions)) | closed_lists)
    released = 0
    for session_id in session_ids:
        try:
            with transaction(db):
                released += _release_expired(db, lock_session(db, session_id), now).count
        except Exception:  # one broken session must not stop the others
            log.exception("releasing the overdue holds of session %s failed", session_id)
    return released


def payment_succeeded(
    db: Session, *, reference: str, now: datetime, charge_id: str | None = None
) -> Booking:
    """The gateway says the payment of ``reference`` arrived. Idempotent.

    A held booking is confirmed (also when its hold's time ran out but nothing released it
    yet). A payment that arrives after its hold was released takes the seats if they are free
    (and the person has no other booking there); otherwise, or if the person cancelled
    meanwhile, the money is refunded in full.
    """
    with transaction(db):
        payment = payment_by_reference(db, reference)
        sitting = lock_session(db, payment.booking.session_id)
        payment = db.get_one(Payment, payment.id, populate_existing=True)
        if payment.status == "paid":
            return payment.booking
        booking = _reload(db, payment.booking_id)
        payment.status, payment.paid_at, payment.charge_id = "paid", now, charge_id
        _record(db, PaymentReceived(booking.id, payment.id, payment.amount), now)
        if booking.status == "pending_payment":
            # Still held, even if its time ran out a moment ago: the checkout closed before the
            # hold, so this money was paid in time and the seats were never given away.
            _confirm_paid(db, booking, sitting, now)
            _release_expired(db, sitting, now)
            return booking
        _release_expired(db, sitting, now)
        if booking.status == "expired" and _can_take_seats_late(db, booking, sitting, now):
            sitting.seats_taken += booking.seats
            _confirm_paid(db, booking, sitting, now)
        else:
            _refund_what_was_paid(db, booking, reason="late_payment", now=now)
    return booking


def _confirm_paid(db: Session, booking: Booking, sitting: WorkshopSession, now: datetime) -> None:
    booking.status, booking.paid, booking.confirmed_at = "confirmed", True, now
    booking.hold_expires_at = None
    booking.cancelled_at = booking.ended_by = None
    _record(db, BookingConfirmed(booking.id, sitting.id, booking.user_id, booking.seats, True), now)


def _can_take_seats_late(
    db: Session, booking: Booking, sitting: WorkshopSession, now: datetime
) -> bool:
    try:
        policy.ensure_bookable(sitting, now)
    except SessionClosed:
        return False
    return (
        sitting.seats_left >= booking.seats
        and active_booking(db, sitting.id, booking.user_id) is None
    )


def payment_abandoned(db: Session, *, reference: str, now: datetime) -> Booking:
    """The gateway's checkout expired or failed: release the hold now (if it is still held)."""
    with transaction(db):
        payment = payment_by_reference(db, reference)
        sitting = lock_session(db, payment.booking.session_id)
        booking = _reload(db, payment.booking_id)
        payment = db.get_one(Payment, payment.id, populate_existing=True)
        if payment.status == "open":
            payment.status = "expired"
        if booking.status == "pending_payment" and open_payment_of(booking) is None:
            _end(db, booking, sitting, status="expired", by="system", now=now)
            _offer_free_seats(db, sitting, now)
    return booking


def count_seats(db: Session, session_id: int) -> tuple[int, int]:
    """A recount from the bookings: (seats held, confirmed or offered; people waiting)."""
    held = db.scalar(
        select(func.coalesce(func.sum(Booking.seats), 0)).where(
            Booking.session_id == session_id, Booking.status.in_(SEAT_HOLDING_STATUSES)
        )
    )
    waiting = db.scalar(
        select(func.count()).where(Booking.session_id == session_id, Booking.status == "waitlisted")
    )
    return int(held), int(waiting)
