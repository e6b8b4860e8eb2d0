"""At the door: check-in by ticket code (and its undo), payment taken at the door, walk-ins,
no-shows, notes.

Every change runs under the session's lock (``bookings.seats.locking``), like every other change
of a session's bookings, and records its domain event in the same transaction. Walk-ins take
seats as online bookings do, so capacity is enforced exactly as for a booking made online.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bookings.accounts.people import guest_account
from bookings.errors import (
    N_,
    AlreadyBooked,
    NotConfirmed,
    NotFound,
    NotStarted,
    SessionClosed,
    SoldOut,
    invalid,
)
from bookings.events import (
    BookingNoteChanged,
    CheckedIn,
    CheckInUndone,
    NoShowsMarked,
    PaidAtDoor,
    WalkInBooked,
)
from bookings.seats import policy
from bookings.seats.booking import check_seats, new_booking, place_booking
from bookings.seats.locking import booking_change, lock_session, seat_change
from bookings.seats.mine import active_booking
from bookings.unit.audit import record_action
from bookings.unit.outbox import record
from bookings.unit.transaction import transaction
from models import Booking, User, Workshop, WorkshopSession
from models.statuses import BookingStatus, PaymentMethod, SessionStatus

#: Longest note staff may keep about a booking.
MAX_NOTE = 500


def check_in(db: Session, *, booking_id: int, now: datetime, by: int | None = None) -> Booking:
    """Let a confirmed booking's people in (``by``: the staff member at the door). Checking in
    twice changes nothing; a check-in clears a no-show mark. NotConfirmed for a booking that is
    not confirmed (still paying, waiting, cancelled), SessionClosed when the session is
    cancelled."""
    with booking_change(db, booking_id, None, now) as (sitting, booking):
        _let_in(db, sitting, booking, now, by)
    return booking


def _let_in(
    db: Session, sitting: WorkshopSession, booking: Booking, now: datetime, by: int | None
) -> bool:
    """Check the booking in (its session locked); False when it was in already."""
    if sitting.status != SessionStatus.SCHEDULED:
        raise SessionClosed(N_("This session is cancelled."))
    if booking.status != BookingStatus.CONFIRMED:
        raise NotConfirmed()
    if booking.checked_in_at is not None:
        return False
    booking.checked_in_at = now
    booking.checked_in_by_id = by
    booking.no_show_at = None
    record(db, CheckedIn(booking.id, sitting.id, booking.user_id), now=now)
    return True


class DoorOutcome(StrEnum):
    """What the door says about a ticket code."""

    #: Let in now.
    IN = "in"
    #: Let in before: a copy of the ticket is being shown twice.
    ALREADY_IN = "already_in"
    #: Cancelled, still paying or waiting: ``booking.status`` says which.
    NOT_CONFIRMED = "not_confirmed"
    #: A ticket of another session of the same space (``booking.session``).
    OTHER_SESSION = "other_session"
    #: No ticket has the code.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DoorAnswer:
    """What the door says about a typed or scanned ticket code (``outcome``); with
    ``ALREADY_IN``, ``booking.checked_in_at`` and ``checked_in_by`` say when and by whom."""

    outcome: DoorOutcome
    code: str
    booking: Booking | None = None

    @property
    def admitted(self) -> bool:
        return self.outcome == DoorOutcome.IN


def admit(
    db: Session, *, session_id: int, code: str, now: datetime, by: int | None = None
) -> DoorAnswer:
    """Check in the ticket typed or scanned at this session's door, and say plainly what
    happened, so that a wrong or reused ticket never looks like a good one. A ticket of another
    space is answered as unknown: staff learn nothing of other spaces.

    Nothing changes unless the outcome is ``IN``. SessionClosed when this session is cancelled.
    """
    typed = normalise_ticket_code(code)
    found = db.scalar(
        select(Booking)
        .where(Booking.ticket_code == typed)
        .options(joinedload(Booking.session).joinedload(WorkshopSession.workshop))
    )
    if found is None or found.session.workshop.space_id != _space_of(db, session_id):
        return DoorAnswer(DoorOutcome.UNKNOWN, typed)  # another space's tickets are not known here
    if found.session_id != session_id:
        return DoorAnswer(DoorOutcome.OTHER_SESSION, typed, found)
    with booking_change(db, found.id, None, now) as (sitting, booking):
        if booking.status != BookingStatus.CONFIRMED and sitting.status == SessionStatus.SCHEDULED:
            outcome = DoorOutcome.NOT_CONFIRMED
        elif _let_in(db, sitting, booking, now, by):
            outcome = DoorOutcome.IN
        else:
            outcome = DoorOutcome.ALREADY_IN
    return DoorAnswer(outcome, typed, booking)


def _space_of(db: Session, session_id: int) -> int | None:
    return db.scalar(
        select(Workshop.space_id)
        .join(WorkshopSession, WorkshopSession.workshop_id == Workshop.id)
        .where(WorkshopSession.id == session_id)
    )


#: Letters people confuse with digits, read as Crockford's base32 reads them.
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def normalise_ticket_code(typed: str) -> str:
    """``7k2mq 9xd4f`` or ``7K2MQ9XD4F`` or a scanned ``7K2MQ-9XD4F`` → ``7K2MQ-9XD4F``."""
    raw = re.sub(r"[^0-9A-Za-z]", "", typed).upper().translate(_LOOKALIKES)
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else raw


def find_ticket(db: Session, *, session_id: int, code: str) -> Booking:
    """The booking of this session with this ticket code; NotFound for a code of another
    session (staff at one door cannot look up tickets elsewhere)."""
    booking = db.scalar(
        select(Booking).where(
            Booking.session_id == session_id,
            Booking.ticket_code == normalise_ticket_code(code),
        )
    )
    if booking is None:
        raise NotFound(N_("No ticket of this session has that code."))
    return booking


def check_in_by_code(db: Session, *, session_id: int, code: str, now: datetime) -> Booking:
    """Check in the booking whose ticket code was typed or scanned at this session's door."""
    booking = find_ticket(db, session_id=session_id, code=code)
    return check_in(db, booking_id=booking.id, now=now)


def undo_check_in(db: Session, *, booking_id: int, now: datetime) -> Booking:
    """Take back a check-in made by mistake (the wrong person tapped)."""
    with booking_change(db, booking_id, None, now) as (sitting, booking):
        if booking.checked_in_at is not None:
            booking.checked_in_at = None
            booking.checked_in_by_id = None
            record(db, CheckInUndone(booking.id, sitting.id, booking.user_id), now=now)
    return booking


def mark_paid_at_door(db: Session, *, booking_id: int, now: datetime) -> Booking:
    """The person paid a pay-at-venue booking at the door. Marking it twice changes nothing;
    NotConfirmed for a booking that is not a confirmed pay-at-venue one."""
    with booking_change(db, booking_id, None, now) as (sitting, booking):
        if (
            booking.status != BookingStatus.CONFIRMED
            or booking.payment_method != PaymentMethod.AT_VENUE
        ):
            raise NotConfirmed(N_("Only a confirmed pay-at-venue booking can be paid at the door."))
        if not booking.paid:
            booking.paid = True
            record(db, PaidAtDoor(booking.id, sitting.id, booking.amount), now=now)
            record_action(db, "payment.marked_paid", f"booking:{booking.id}", now=now)
    return booking


def set_note(db: Session, *, booking_id: int, note: str, now: datetime) -> Booking:
    """Staff's note about a booking (allergies, a wheelchair …), at most MAX_NOTE characters."""
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise invalid("note", N_("must have at most %(n)d characters"), n=MAX_NOTE)
    with booking_change(db, booking_id, None, now) as (sitting, booking):
        if booking.note != note:
            booking.note = note
            record(db, BookingNoteChanged(booking.id, sitting.id), now=now)
    return booking


def mark_no_shows(db: Session, *, session_id: int, now: datetime) -> int:
    """After the start: every confirmed booking not checked in is a no-show. Returns how many
    were newly marked. NotStarted before the start."""
    with transaction(db):
        sitting = lock_session(db, session_id)
        if now < sitting.starts_at:
            raise NotStarted()
        absent = db.scalars(
            select(Booking).where(
                Booking.session_id == session_id,
                Booking.status == BookingStatus.CONFIRMED,
                Booking.checked_in_at.is_(None),
                Booking.no_show_at.is_(None),
            )
        ).all()
        for booking in absent:
            booking.no_show_at = now
        if absent:
            record(db, NoShowsMarked(sitting.id, len(absent)), now=now)
    return len(absent)


def walk_in(
    db: Session,
    *,
    session_id: int,
    name: str,
    seats: int,
    now: datetime,
    email: str | None = None,
    paid: bool = False,
    by: int | None = None,
) -> Booking:
    """Someone came to the door without a booking: take their seats, confirmed and checked in
    (``by``: the staff member who added them).

    Seats are taken as online (the session's lock, its capacity, seats per booking): SoldOut
    when they do not fit. An address that belongs to someone's account gives a guest entry
    that person may confirm (``claim_walk_in``), never their account (``guest_account``). Allowed
    from booking's close until the session ends. A paid workshop is paid at the door (``paid``
    when the money was taken now). SpaceSuspended when the space is suspended.
    """
    name = " ".join(name.split())
    if not name:
        raise invalid("name", N_("is required"))
    with seat_change(db, session_id, now) as locked:
        sitting = locked.sitting
        policy.ensure_space_acts(sitting.workshop.space)
        if sitting.status != SessionStatus.SCHEDULED:
            raise SessionClosed(N_("This session is cancelled."))
        if now >= sitting.ends_at:
            raise SessionClosed(N_("This session has ended."))
        check_seats(sitting.workshop, sitting, seats)
        if sitting.seats_left < seats:
            raise SoldOut()
        person, claim_email = guest_account(db, name=name, email=email)
        if active_booking(db, sitting.id, person.id) is not None:
            raise AlreadyBooked(N_("This person already has a booking for this session."))
        free = sitting.workshop.price == 0
        method = PaymentMethod.FREE if free else PaymentMethod.AT_VENUE
        booking = new_booking(sitting, person.id, seats, method, now)
        booking.walk_in = True
        booking.claim_email = claim_email
        booking.checked_in_at = now
        booking.checked_in_by_id = by
        booking.paid = paid and method == PaymentMethod.AT_VENUE
        place_booking(db, sitting, booking, fits=True, now=now)
        record(db, WalkInBooked(booking.id, sitting.id, person.id, seats), now=now)
        if booking.paid:
            record(db, PaidAtDoor(booking.id, sitting.id, booking.amount), now=now)
    return booking


def walk_ins_to_confirm(db: Session, *, email: str) -> list[Booking]:
    """Walk-ins that staff booked under this address as guest entries, newest first."""
    return list(
        db.scalars(
            select(Booking)
            .where(Booking.claim_email == email, Booking.walk_in.is_(True))
            .order_by(Booking.created_at.desc(), Booking.id.desc())
        )
    )


def claim_walk_in(db: Session, *, booking_id: int, user_id: int, now: datetime) -> Booking:
    """The holder of the address staff gave confirms that a walk-in was them: the booking
    becomes theirs. ``NotFound`` unless the address is theirs and confirmed; AlreadyBooked
    when they hold another booking for that session."""
    with transaction(db):
        booking = db.get(Booking, booking_id)
        user = db.get_one(User, user_id)
        if (
            booking is None
            or booking.claim_email is None
            or booking.claim_email != user.email
            or user.email_verified_at is None
        ):
            raise NotFound(N_("We could not find that booking."))
        if booking.is_active and active_booking(db, booking.session_id, user.id) is not None:
            raise AlreadyBooked(N_("You already have a booking for this session."))
        booking.user_id, booking.claim_email = user.id, None
    return booking
